import { useEffect } from 'react';
import { PLAY_ALL_QUEUE, useAudition, type Gender } from '../../store/audition';
import { useCourse } from '../../store/course';
import { usePlayer } from '../../store/player';
import { useUi } from '../../store/ui';
import { Button } from '../../ui/Button';
import { Segmented } from '../../ui/Segmented';
import { AuditionGrid } from './AuditionGrid';
import { RateChips } from './RateChips';
import { VoiceList } from './VoiceList';

const GENDERS: ReadonlyArray<{ value: Gender; label: string }> = [
  { value: 'any', label: 'Any' },
  { value: 'Female', label: 'Female' },
  { value: 'Male', label: 'Male' },
];

/** Right panel, "Audition" tab: the same phrase in several voices and rates, compared by ear. */
export function AuditionPanel(): React.JSX.Element {
  const text = useAudition((s) => s.text);
  const textEdited = useAudition((s) => s.textEdited);
  const setText = useAudition((s) => s.setText);
  const locale = useAudition((s) => s.locale);
  const setLocale = useAudition((s) => s.setLocale);
  const gender = useAudition((s) => s.gender);
  const setGender = useAudition((s) => s.setGender);
  const voicesState = useAudition((s) => s.voicesState);
  const loadVoices = useAudition((s) => s.loadVoices);
  const canPlayAll = useAudition((s) => s.picked.length > 0 && s.rates.length > 0 && s.text.trim() !== '');
  const playAll = useAudition((s) => s.playAll);
  const playingAll = usePlayer((s) => s.queueId === PLAY_ALL_QUEUE);
  const stopQueue = usePlayer((s) => s.stopQueue);
  const languages = useCourse((s) => s.course?.languages);
  const selectedPhraseId = useUi((s) => s.selection?.phraseId);
  const phrase = useCourse((s) => (selectedPhraseId ? s.phraseById.get(selectedPhraseId) : undefined));

  useEffect(() => {
    if (voicesState === 'idle') void loadVoices();
  }, [voicesState, loadVoices]);

  // The text follows the selected phrase (in the language of the voices listed) until edited.
  const prefill = phrase ? (languages && locale === languages.known ? phrase.known : phrase.target) : null;
  useEffect(() => {
    if (prefill !== null && !useAudition.getState().textEdited) setText(prefill, false);
  }, [prefill, setText]);

  return (
    <div className="panel-body" data-testid="audition-panel">
      <section className="panel-section">
        <div className="field">
          <div className="field-label-row">
            <label htmlFor="audition-text" className="field-label">
              Phrase
            </label>
            {textEdited && prefill !== null && (
              <button type="button" className="link-btn small" onClick={() => setText(prefill, false)}>
                Use {selectedPhraseId}
              </button>
            )}
          </div>
          <textarea
            id="audition-text"
            className="textarea"
            rows={2}
            value={text}
            maxLength={2000}
            placeholder="Type a phrase, or select one in the table"
            onChange={(e) => setText(e.currentTarget.value, true)}
            data-testid="audition-text"
          />
        </div>
        <div className="filter-row">
          <select className="select" aria-label="Locale" value={locale} onChange={(e) => setLocale(e.currentTarget.value)} data-testid="audition-locale">
            {languages && <option value={languages.target}>{languages.target} (target)</option>}
            {languages && languages.known !== languages.target && <option value={languages.known}>{languages.known} (known)</option>}
            <option value="">All locales</option>
          </select>
          <Segmented label="Gender" value={gender} options={GENDERS} onChange={setGender} testId="audition-gender" />
        </div>
        <VoiceList />
      </section>
      <section className="panel-section">
        <div className="section-head">
          <h3>Rates</h3>
          <RateChips />
        </div>
        <AuditionGrid />
        <div className="audition-actions">
          {playingAll ? (
            <Button variant="secondary" icon="stop" onClick={stopQueue} data-testid="audition-stop">
              Stop
            </Button>
          ) : (
            <Button variant="secondary" icon="playAll" onClick={playAll} disabled={!canPlayAll} data-testid="audition-play-all">
              Play all
            </Button>
          )}
          <span className="muted small">Each cell renders once, then replays instantly.</span>
        </div>
      </section>
    </div>
  );
}
