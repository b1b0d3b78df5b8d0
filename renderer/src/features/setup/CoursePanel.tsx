import { useEffect } from 'react';
import { useCourse } from '../../store/course';
import { useSetup } from '../../store/setup';
import { Button } from '../../ui/Button';
import { FieldRow } from '../../ui/FieldRow';
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

const LANGUAGES = [
  { side: 'target', label: 'Target language', placeholder: 'de-DE' },
  { side: 'known', label: 'Known language', placeholder: 'en-US' },
] as const;

function BasicsSection({ draft }: { draft: SetupDraft }): React.JSX.Element {
  return (
    <section className="panel-section">
      <FieldRow label="Title" value={draft.title} maxLength={500} onChange={(title) => edit((d) => ({ ...d, title }))} testId="setup-title" />
      <div className="field-pair">
        {LANGUAGES.map(({ side, label, placeholder }) => (
          <FieldRow
            key={side}
            label={label}
            value={draft[side]}
            maxLength={40}
            placeholder={placeholder}
            spellCheck={false}
            onChange={(locale) => edit((d) => ({ ...d, [side]: locale }))}
            testId={`setup-${side}`}
          />
        ))}
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
        <FieldRow
          key={row.role}
          label={row.role}
          value={row.voice}
          maxLength={200}
          spellCheck={false}
          onChange={(voice) => setVoice(index, voice)}
          testId={`setup-voice-${row.role}`}
        />
      ))}
    </section>
  );
}

const FORMATS = [
  { value: '', label: 'As in Settings' },
  { value: 'mp3', label: 'MP3' },
  { value: 'wav', label: 'WAV' },
];

function OutputSection({ draft }: { draft: SetupDraft }): React.JSX.Element {
  return (
    <section className="panel-section">
      <div className="section-head">
        <h3>Output</h3>
      </div>
      <div className="field-pair">
        <FieldRow
          kind="select"
          label="Format"
          value={draft.format}
          options={FORMATS}
          onChange={(format) => edit((d) => ({ ...d, format: format as SetupDraft['format'] }))}
          testId="setup-format"
        />
        <FieldRow
          label="MP3 bitrate (kbps)"
          inputMode="numeric"
          value={draft.bitrate}
          placeholder="auto"
          onChange={(bitrate) => edit((d) => ({ ...d, bitrate }))}
          testId="setup-bitrate"
        />
      </div>
      <FieldRow
        label="File names"
        value={draft.naming}
        placeholder="{phrase}_{variant}"
        spellCheck={false}
        onChange={(naming) => edit((d) => ({ ...d, naming }))}
        testId="setup-naming"
        help={<>Fields: {'{phrase} {variant} {lesson} {index}'}; a "/" makes folders.</>}
      />
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
