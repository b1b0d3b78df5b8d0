import { BATCH_SUGGESTED_FROM, SETTINGS_LIMITS } from '../../../../shared/model/settings-limits';
import { formatCount } from '../../lib/format';

/** Settings (Azure): from how many renders left "Send to Azure batch" is offered beside Generate. */
export function BatchThresholdField({ value, onChange }: { value: number; onChange: (value: number) => void }): React.JSX.Element {
  return (
    <label className="field">
      <span className="field-label">Offer Azure batch from (renders)</span>
      <input
        className="input num"
        type="number"
        min={SETTINGS_LIMITS.batchThresholdRenders.min}
        max={SETTINGS_LIMITS.batchThresholdRenders.max}
        step={1}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.currentTarget.valueAsNumber)}
        data-testid="settings-batch-threshold"
      />
      <span className="field-help">
        Runs this large are offered &ldquo;Send to Azure batch&rdquo; beside Generate: the service renders them in jobs on its own machines, at the same price per character.
        Default {formatCount(BATCH_SUGGESTED_FROM)}.
      </span>
    </label>
  );
}
