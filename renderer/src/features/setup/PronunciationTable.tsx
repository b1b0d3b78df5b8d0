import { useSetup } from '../../store/setup';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { MiniField } from './MiniField';
import { newEntry, type EntryDraft, type SetupDraft } from './setupDraft';

const edit = (change: (draft: SetupDraft) => SetupDraft): void => useSetup.getState().edit(change);
const ALPHABETS: ReadonlyArray<EntryDraft['alphabet']> = ['ipa', 'sapi', 'ups', 'x-sampa'];

/**
 * The course's pronunciation table: a word said by sound (a phoneme string) or as other words (an
 * alias), per locale, whole words, case-sensitive unless ticked. Each entry can be heard in the voice
 * of a phrase that holds the word; the save bar says which renders an edit makes stale.
 */
export function PronunciationTable({ draft }: { draft: SetupDraft }): React.JSX.Element {
  const auditioning = useSetup((s) => s.auditioning);
  const set = (index: number, patch: Partial<EntryDraft>): void => edit((d) => ({ ...d, entries: d.entries.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)) }));
  return (
    <section className="panel-section" data-testid="pronunciations">
      <div className="section-head">
        <h3>Pronunciations</h3>
        <button type="button" className="link-btn small" onClick={() => edit((d) => ({ ...d, entries: [...d.entries, newEntry(d)] }))} data-testid="pron-add">
          Add word
        </button>
      </div>
      {draft.entries.length === 0 && <p className="muted small">No entries. Add a word the voices say wrongly: its sound (IPA) or what to say instead.</p>}
      {draft.entries.map((entry, index) => (
        <div className="setup-card pron-card" key={index} data-testid={`pron-${index}`}>
          <MiniField label="Word">
            <input
              className="input"
              value={entry.text}
              placeholder="Ana"
              maxLength={200}
              onChange={(e) => set(index, { text: e.currentTarget.value })}
              data-testid={`pron-text-${index}`}
            />
          </MiniField>
          <MiniField label="Say it">
            <select className="select" value={entry.kind} onChange={(e) => set(index, { kind: e.currentTarget.value as EntryDraft['kind'] })} data-testid={`pron-kind-${index}`}>
              <option value="phoneme">by sound</option>
              <option value="alias">as words</option>
            </select>
          </MiniField>
          <MiniField label={entry.kind === 'alias' ? 'Say instead' : 'Phonemes'}>
            <input
              className="input"
              value={entry.say}
              placeholder={entry.kind === 'alias' ? 'señor' : 'ˈana'}
              maxLength={500}
              onChange={(e) => set(index, { say: e.currentTarget.value })}
              data-testid={`pron-say-${index}`}
            />
          </MiniField>
          <button
            type="button"
            className="mini-btn card-remove"
            aria-label={`Remove ${entry.text || 'this word'}`}
            onClick={() => edit((d) => ({ ...d, entries: d.entries.filter((_, i) => i !== index) }))}
            data-testid={`pron-remove-${index}`}
          >
            ×
          </button>
          <MiniField label="Alphabet">
            <select
              className="select"
              value={entry.alphabet}
              disabled={entry.kind !== 'phoneme'}
              onChange={(e) => set(index, { alphabet: e.currentTarget.value as EntryDraft['alphabet'] })}
            >
              {ALPHABETS.map((alphabet) => (
                <option key={alphabet} value={alphabet}>
                  {alphabet}
                </option>
              ))}
            </select>
          </MiniField>
          <MiniField label="Locale">
            <input
              className="input"
              value={entry.locale}
              placeholder="all"
              maxLength={40}
              onChange={(e) => set(index, { locale: e.currentTarget.value })}
              data-testid={`pron-locale-${index}`}
            />
          </MiniField>
          <label className="pron-case small" title="Match the word whatever its case">
            <input type="checkbox" checked={entry.ignoreCase} onChange={(e) => set(index, { ignoreCase: e.currentTarget.checked })} />
            any case
          </label>
          <button
            type="button"
            className="mini-btn"
            aria-label={`Hear ${entry.text || 'this word'}`}
            title="Hear it in the voice of a phrase that holds the word"
            disabled={!entry.text.trim() || !entry.say.trim() || auditioning !== null}
            onClick={() => void useSetup.getState().auditionEntry(index)}
            data-testid={`pron-play-${index}`}
          >
            {auditioning === index ? <Spinner size={10} /> : <Icon name="play" size={10} />}
            Hear
          </button>
        </div>
      ))}
    </section>
  );
}
