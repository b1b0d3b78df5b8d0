import { SETTINGS_LIMITS } from '../../../../shared/model/settings-limits';
import { Segmented } from '../../ui/Segmented';
import type { TierChoice } from './settingsDraft';

const TIERS: ReadonlyArray<{ value: TierChoice; label: string }> = [
  { value: 'unknown', label: 'Unknown' },
  { value: 'f0', label: 'F0 (free)' },
  { value: 's0', label: 'S0' },
  { value: 'custom', label: 'Custom' },
];

/**
 * The Azure resource's tier: with it a run keeps under the quota from the start instead of learning
 * it from throttles. Custom takes a request rate (a raised quota, a speech container's limit).
 */
export function AzureTierField({ tier, rps, onTier, onRps }: { tier: TierChoice; rps: number; onTier(tier: TierChoice): void; onRps(rps: number): void }): React.JSX.Element {
  return (
    <div className="field">
      <span className="field-label">Azure tier</span>
      <Segmented label="Azure tier" value={tier} options={TIERS} onChange={onTier} testId="settings-tier" />
      {tier === 'custom' && (
        <label className="field">
          <span className="field-label">Requests per second</span>
          <input
            className="input num"
            type="number"
            min={0}
            max={SETTINGS_LIMITS.azureRequestsPerSecond.max}
            step={1}
            value={Number.isFinite(rps) ? rps : ''}
            onChange={(e) => onRps(e.currentTarget.valueAsNumber)}
            data-testid="settings-tier-rps"
          />
        </label>
      )}
      <p className="field-help">{tier === 'unknown' ? 'Runs learn the service’s limit from its throttling.' : 'Runs keep under this quota from the first request.'}</p>
    </div>
  );
}
