import { useSetup } from '../../store/setup';
import { newVariant, type SetupDraft, type VariantDraft } from './setupDraft';

const edit = (change: (draft: SetupDraft) => SetupDraft): void => useSetup.getState().edit(change);

/** The variants: which text, which voice role, rate, pitch, speaking style and its degree; add and remove. */
export function VariantRows({ draft }: { draft: SetupDraft }): React.JSX.Element {
  const roles = draft.voices.map((row) => row.role);
  const set = (index: number, patch: Partial<VariantDraft>): void =>
    edit((d) => ({ ...d, variants: d.variants.map((variant, i) => (i === index ? { ...variant, ...patch } : variant)) }));
  return (
    <div className="setup-variants" role="table" aria-label="Variants">
      <div role="row" className="setup-variant setup-head">
        <span role="columnheader">Id</span>
        <span role="columnheader">Text</span>
        <span role="columnheader">Voice</span>
        <span role="columnheader">Rate</span>
        <span role="columnheader">Pitch</span>
        <span role="columnheader">Style</span>
        <span role="columnheader">Degree</span>
        <span role="columnheader" aria-label="Remove" />
      </div>
      {draft.variants.map((variant, index) => (
        <div role="row" className="setup-variant" key={index} data-testid={`setup-variant-${index}`}>
          <input className="input" aria-label="Variant id" value={variant.id} maxLength={120} onChange={(e) => set(index, { id: e.currentTarget.value })} />
          <select className="select" aria-label="Text" value={variant.text} onChange={(e) => set(index, { text: e.currentTarget.value as VariantDraft['text'] })}>
            <option value="target">target</option>
            <option value="known">known</option>
          </select>
          <select className="select" aria-label="Voice role" value={variant.voice} onChange={(e) => set(index, { voice: e.currentTarget.value })}>
            {[...new Set([...roles, variant.voice])].map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <input
            className="input num"
            aria-label="Rate"
            inputMode="decimal"
            value={variant.rate}
            onChange={(e) => set(index, { rate: e.currentTarget.value })}
            data-testid={`setup-rate-${index}`}
          />
          <input className="input" aria-label="Pitch" value={variant.pitch} placeholder="+0%" maxLength={20} onChange={(e) => set(index, { pitch: e.currentTarget.value })} />
          <input className="input" aria-label="Style" value={variant.style} placeholder="none" maxLength={60} onChange={(e) => set(index, { style: e.currentTarget.value })} />
          <input
            className="input num"
            aria-label="Style degree"
            inputMode="decimal"
            value={variant.styleDegree}
            placeholder="1"
            onChange={(e) => set(index, { styleDegree: e.currentTarget.value })}
          />
          <button
            type="button"
            className="mini-btn"
            aria-label={`Remove variant ${variant.id}`}
            disabled={draft.variants.length <= 1}
            onClick={() => edit((d) => ({ ...d, variants: d.variants.filter((_, i) => i !== index) }))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link-btn small" onClick={() => edit((d) => ({ ...d, variants: [...d.variants, newVariant(d)] }))} data-testid="setup-add-variant">
        Add variant
      </button>
    </div>
  );
}
