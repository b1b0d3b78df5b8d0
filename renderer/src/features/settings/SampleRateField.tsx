import { OUTPUT_SAMPLE_RATES, type OutputSampleRate } from '../../../../shared/model/settings-limits';

/**
 * The delivered files' sample rate: the engine's own (eSpeak 22.05 kHz, Azure 24 kHz) or one of the
 * MPEG rates. Changing it re-derives the files from the masters: nothing is synthesized (billed) again.
 * A course whose `output.sampleRate` names a rate keeps its own.
 */
export function SampleRateField({ value, onChange }: { value: OutputSampleRate | null | undefined; onChange(rate: OutputSampleRate | null): void }): React.JSX.Element {
  return (
    <label className="field">
      <span className="field-label">Sample rate</span>
      <select
        className="select"
        value={value ?? ''}
        onChange={(e) => onChange(e.currentTarget.value === '' ? null : (Number(e.currentTarget.value) as OutputSampleRate))}
        data-testid="settings-sample-rate"
      >
        <option value="">Engine’s own</option>
        {OUTPUT_SAMPLE_RATES.map((rate) => (
          <option key={rate} value={rate}>
            {(rate / 1000).toLocaleString('en', { maximumFractionDigits: 2 })} kHz
          </option>
        ))}
      </select>
      <span className="field-help">Files are converted from the stored masters: changing it synthesizes nothing again.</span>
    </label>
  );
}
