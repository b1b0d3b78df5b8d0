import { useSetup } from '../../store/setup';
import { MiniField } from './MiniField';
import { newVariant, type SetupDraft, type VariantDraft } from './setupDraft';

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
          <MiniField label="Id">
            <input className="input" value={variant.id} maxLength={120} onChange={(e) => set(index, { id: e.currentTarget.value })} />
          </MiniField>
          <MiniField label="Text">
            <select className="select" value={variant.text} onChange={(e) => set(index, { text: e.currentTarget.value as VariantDraft['text'] })}>
              <option value="target">target</option>
              <option value="known">known</option>
            </select>
          </MiniField>
          <MiniField label="Voice role">
            <select className="select" value={variant.voice} onChange={(e) => set(index, { voice: e.currentTarget.value })}>
              {[...new Set([...roles, variant.voice])].map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </MiniField>
          <button
            type="button"
            className="mini-btn card-remove"
            aria-label={`Remove variant ${variant.id}`}
            disabled={draft.variants.length <= 1}
            onClick={() => edit((d) => ({ ...d, variants: d.variants.filter((_, i) => i !== index) }))}
          >
            ×
          </button>
          <MiniField label="Rate">
            <input
              className="input num"
              inputMode="decimal"
              value={variant.rate}
              onChange={(e) => set(index, { rate: e.currentTarget.value })}
              data-testid={`setup-rate-${index}`}
            />
          </MiniField>
          <MiniField label="Pitch">
            <input className="input" value={variant.pitch} placeholder="+0%" maxLength={20} onChange={(e) => set(index, { pitch: e.currentTarget.value })} />
          </MiniField>
          <MiniField label="Style">
            <input className="input" value={variant.style} placeholder="none" maxLength={60} onChange={(e) => set(index, { style: e.currentTarget.value })} />
          </MiniField>
          <MiniField label="Degree">
            <input className="input num" inputMode="decimal" value={variant.styleDegree} placeholder="1" onChange={(e) => set(index, { styleDegree: e.currentTarget.value })} />
          </MiniField>
          <MiniField label="Silence before (ms)">
            <input
              className="input num"
              inputMode="numeric"
              value={variant.leadingSilenceMs}
              placeholder="as spoken"
              onChange={(e) => set(index, { leadingSilenceMs: e.currentTarget.value })}
            />
          </MiniField>
          <MiniField label="Silence after (ms)">
            <input
              className="input num"
              inputMode="numeric"
              value={variant.trailingSilenceMs}
              placeholder="as spoken"
              onChange={(e) => set(index, { trailingSilenceMs: e.currentTarget.value })}
            />
          </MiniField>
        </div>
      ))}
      <button type="button" className="link-btn small" onClick={() => edit((d) => ({ ...d, variants: [...d.variants, newVariant(d)] }))} data-testid="setup-add-variant">
        Add variant
      </button>
    </div>
  );
}
