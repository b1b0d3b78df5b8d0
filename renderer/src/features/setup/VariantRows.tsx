import { useSetup } from '../../store/setup';
import { FieldRow } from '../../ui/FieldRow';
import { newVariant, type SetupDraft, type VariantDraft } from './setupDraft';

const TEXTS: ReadonlyArray<VariantDraft['text']> = ['target', 'known'];
/** The variant's own silence around its speech, kept as typed (empty: as the voice speaks it). */
const SILENCES = [
  { field: 'leadingSilenceMs', label: 'Silence before (ms)' },
  { field: 'trailingSilenceMs', label: 'Silence after (ms)' },
] as const;

const edit = (change: (draft: SetupDraft) => SetupDraft): void => useSetup.getState().edit(change);

/** The variants: which text, which voice role, rate, pitch, speaking style and its degree; add and remove. */
export function VariantRows({ draft }: { draft: SetupDraft }): React.JSX.Element {
  const roles = draft.voices.map((row) => row.role);
  const set = (index: number, patch: Partial<VariantDraft>): void =>
    edit((d) => ({ ...d, variants: d.variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)) }));
  return (
    <div className="setup-variants">
      {draft.variants.map((variant, index) => (
        <div className="setup-card" key={index} data-testid={`setup-variant-${index}`}>
          <FieldRow compact label="Id" value={variant.id} maxLength={120} onChange={(id) => set(index, { id })} />
          <FieldRow compact kind="select" label="Text" value={variant.text} options={TEXTS} onChange={(text) => set(index, { text: text as VariantDraft['text'] })} />
          <FieldRow compact kind="select" label="Voice role" value={variant.voice} options={[...new Set([...roles, variant.voice])]} onChange={(voice) => set(index, { voice })} />
          <button
            type="button"
            className="mini-btn card-remove"
            aria-label={`Remove variant ${variant.id}`}
            disabled={draft.variants.length <= 1}
            onClick={() => edit((d) => ({ ...d, variants: d.variants.filter((_, i) => i !== index) }))}
          >
            ×
          </button>
          <FieldRow compact label="Rate" inputMode="decimal" value={variant.rate} onChange={(rate) => set(index, { rate })} testId={`setup-rate-${index}`} />
          <FieldRow compact label="Pitch" value={variant.pitch} placeholder="+0%" maxLength={20} onChange={(pitch) => set(index, { pitch })} />
          <FieldRow compact label="Style" value={variant.style} placeholder="none" maxLength={60} onChange={(style) => set(index, { style })} />
          <FieldRow compact label="Degree" inputMode="decimal" value={variant.styleDegree} placeholder="1" onChange={(styleDegree) => set(index, { styleDegree })} />
          {SILENCES.map(({ field, label }) => (
            <FieldRow key={field} compact label={label} inputMode="numeric" value={variant[field]} placeholder="as spoken" onChange={(ms) => set(index, { [field]: ms })} />
          ))}
        </div>
      ))}
      <button type="button" className="link-btn small" onClick={() => edit((d) => ({ ...d, variants: [...d.variants, newVariant(d)] }))} data-testid="setup-add-variant">
        Add variant
      </button>
    </div>
  );
}
