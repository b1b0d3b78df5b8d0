import { useSetup } from '../../store/setup';
import { FieldRow } from '../../ui/FieldRow';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { newEntry, type EntryDraft, type SetupDraft } from './setupDraft';

const edit = (change: (draft: SetupDraft) => SetupDraft): void => useSetup.getState().edit(change);
const ALPHABETS: ReadonlyArray<EntryDraft['alphabet']> = ['ipa', 'sapi', 'ups', 'x-sampa'];
const SAY_IT: ReadonlyArray<{ value: EntryDraft['kind']; label: string }> = [
  { value: 'phoneme', label: 'by sound' },
  { value: 'alias', label: 'as words' },
];

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
          <FieldRow compact label="Word" value={entry.text} placeholder="Ana" maxLength={200} onChange={(text) => set(index, { text })} testId={`pron-text-${index}`} />
          <FieldRow
            compact
            kind="select"
            label="Say it"
            value={entry.kind}
            options={SAY_IT}
            onChange={(kind) => set(index, { kind: kind as EntryDraft['kind'] })}
            testId={`pron-kind-${index}`}
          />
          <FieldRow
            compact
            label={entry.kind === 'alias' ? 'Say instead' : 'Phonemes'}
            value={entry.say}
            placeholder={entry.kind === 'alias' ? 'señor' : 'ˈana'}
            maxLength={500}
            onChange={(say) => set(index, { say })}
            testId={`pron-say-${index}`}
          />
          <button
            type="button"
            className="mini-btn card-remove"
            aria-label={`Remove ${entry.text || 'this word'}`}
            onClick={() => edit((d) => ({ ...d, entries: d.entries.filter((_, i) => i !== index) }))}
            data-testid={`pron-remove-${index}`}
          >
            ×
          </button>
          <FieldRow
            compact
            kind="select"
            label="Alphabet"
            value={entry.alphabet}
            options={ALPHABETS}
            disabled={entry.kind !== 'phoneme'}
            onChange={(alphabet) => set(index, { alphabet: alphabet as EntryDraft['alphabet'] })}
          />
          <FieldRow compact label="Locale" value={entry.locale} placeholder="all" maxLength={40} onChange={(locale) => set(index, { locale })} testId={`pron-locale-${index}`} />
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
