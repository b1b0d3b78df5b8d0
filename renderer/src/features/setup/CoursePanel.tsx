import { useEffect } from 'react';
import { useCourse } from '../../store/course';
import { useSetup } from '../../store/setup';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/Spinner';
import { ImpactLine } from './ImpactLine';
import { PronunciationTable } from './PronunciationTable';
import { draftProblem, isEmptyChange, toChange, type SetupDraft } from './setupDraft';
import { VariantRows } from './VariantRows';

const STORAGE_NOTE = {
  json: (file: string) => `Saved into ${file}; only the values you change are rewritten.`,
  csv: (file: string) => `Saved into ${file} as "# key: value" lines above the columns. Pitch, styles, extra variants, output settings and pronunciations need a JSON course.`,
  memory: () => 'A sample or a dropped file: changes last for this session only.',
};

/** Right panel, "Course" tab: the course's setup and pronunciation table, saved to its file. */
export function CoursePanel(): React.JSX.Element {
  const hasCourse = useCourse((s) => s.course !== null);
  const view = useSetup((s) => s.view);
  const draft = useSetup((s) => s.draft);
  const loading = useSetup((s) => s.loading);
  const load = useSetup((s) => s.load);

  useEffect(() => {
    if (hasCourse && !useSetup.getState().view && !useSetup.getState().loading) void load();
  }, [hasCourse, load]);

  if (!hasCourse) return <p className="panel-body muted small">Open a course to set it up.</p>;
  if (!view || !draft) {
    return <div className="panel-body">{loading ? <Spinner label="Loading the course setup" /> : <SetupProblem />}</div>;
  }
  return (
    <form
      className="panel-body setup"
      data-testid="setup-panel"
      onSubmit={(event) => {
        event.preventDefault();
        void useSetup.getState().save();
      }}
    >
      <p className="field-help" data-testid="setup-storage" data-storage={view.storage}>
        {STORAGE_NOTE[view.storage](view.file)}
      </p>
      <BasicsSection draft={draft} />
      <VoicesSection draft={draft} />
      <section className="panel-section">
        <div className="section-head">
          <h3>Variants</h3>
        </div>
        <VariantRows draft={draft} />
      </section>
      <PronunciationTable draft={draft} />
      <OutputSection draft={draft} />
      <SaveBar />
    </form>
  );
}

function SetupProblem(): React.JSX.Element {
  const problem = useSetup((s) => s.problem);
  const load = useSetup((s) => s.load);
  return (
    <div className="field">
      <p className="field-error small">{problem ?? 'The course setup could not be read.'}</p>
      <Button onClick={() => void load()}>Try again</Button>
    </div>
  );
}

const edit = (change: (draft: SetupDraft) => SetupDraft): void => useSetup.getState().edit(change);

function BasicsSection({ draft }: { draft: SetupDraft }): React.JSX.Element {
  return (
    <section className="panel-section">
      <label className="field">
        <span className="field-label">Title</span>
        <input className="input" value={draft.title} maxLength={500} onChange={(e) => edit((d) => ({ ...d, title: e.currentTarget.value }))} data-testid="setup-title" />
      </label>
      <div className="field-pair">
        <label className="field">
          <span className="field-label">Target language</span>
          <input
            className="input"
            value={draft.target}
            maxLength={40}
            placeholder="de-DE"
            spellCheck={false}
            onChange={(e) => edit((d) => ({ ...d, target: e.currentTarget.value }))}
            data-testid="setup-target"
          />
        </label>
        <label className="field">
          <span className="field-label">Known language</span>
          <input
            className="input"
            value={draft.known}
            maxLength={40}
            placeholder="en-US"
            spellCheck={false}
            onChange={(e) => edit((d) => ({ ...d, known: e.currentTarget.value }))}
            data-testid="setup-known"
          />
        </label>
      </div>
    </section>
  );
}

function VoicesSection({ draft }: { draft: SetupDraft }): React.JSX.Element {
  const setVoice = (index: number, voice: string): void => edit((d) => ({ ...d, voices: d.voices.map((row, i) => (i === index ? { ...row, voice } : row)) }));
  return (
    <section className="panel-section">
      <div className="section-head">
        <h3>Voices</h3>
        <span className="muted small">Audition compares voices; its "Use for" buttons fill these in.</span>
      </div>
      {draft.voices.map((row, index) => (
        <label className="field" key={row.role}>
          <span className="field-label">{row.role}</span>
          <input
            className="input"
            value={row.voice}
            maxLength={200}
            spellCheck={false}
            onChange={(e) => setVoice(index, e.currentTarget.value)}
            data-testid={`setup-voice-${row.role}`}
          />
        </label>
      ))}
    </section>
  );
}

function OutputSection({ draft }: { draft: SetupDraft }): React.JSX.Element {
  return (
    <section className="panel-section">
      <div className="section-head">
        <h3>Output</h3>
      </div>
      <div className="field-pair">
        <label className="field">
          <span className="field-label">Format</span>
          <select
            className="select"
            value={draft.format}
            onChange={(e) => edit((d) => ({ ...d, format: e.currentTarget.value as SetupDraft['format'] }))}
            data-testid="setup-format"
          >
            <option value="">As in Settings</option>
            <option value="mp3">MP3</option>
            <option value="wav">WAV</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">MP3 bitrate (kbps)</span>
          <input
            className="input num"
            inputMode="numeric"
            value={draft.bitrate}
            placeholder="auto"
            onChange={(e) => edit((d) => ({ ...d, bitrate: e.currentTarget.value }))}
            data-testid="setup-bitrate"
          />
        </label>
      </div>
      <label className="field">
        <span className="field-label">File names</span>
        <input
          className="input"
          value={draft.naming}
          placeholder="{phrase}_{variant}"
          spellCheck={false}
          onChange={(e) => edit((d) => ({ ...d, naming: e.currentTarget.value }))}
          data-testid="setup-naming"
        />
        <span className="field-help">Fields: {'{phrase} {variant} {lesson} {index}'}; a "/" makes folders.</span>
      </label>
    </section>
  );
}

function SaveBar(): React.JSX.Element {
  const view = useSetup((s) => s.view);
  const draft = useSetup((s) => s.draft);
  const saving = useSetup((s) => s.saving);
  const problem = useSetup((s) => s.problem);
  const revert = useSetup((s) => s.revert);
  const dirty = view && draft ? !isEmptyChange(toChange(view, draft)) : false;
  const blocked = draft ? draftProblem(draft) : null;
  return (
    <div className="form-actions setup-actions">
      {(problem ?? blocked) && (
        <pre className="field-error small setup-problem" data-testid="setup-problem">
          {problem ?? blocked}
        </pre>
      )}
      {dirty && <ImpactLine />}
      <div className="filterbar-spacer" />
      <Button variant="ghost" onClick={revert} disabled={!dirty || saving} data-testid="setup-revert">
        Revert
      </Button>
      <Button type="submit" variant="primary" busy={saving} disabled={!dirty || blocked !== null} data-testid="setup-save">
        Save course
      </Button>
    </div>
  );
}
