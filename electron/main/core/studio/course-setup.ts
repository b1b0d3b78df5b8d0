import { cellId } from '../../../../shared/ipc/contract';
import type { EntryAudition, SetupChange, SetupImpact, SetupPronunciation, SetupView } from '../../../../shared/ipc/setup-contract';
import { PronunciationSchema, type Course, type Pronunciation } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import type { CourseEdit } from '../course/edit/course-edit';
import { pronunciationAffects } from '../course/pronunciation';
import { planRenders } from '../course/render-plan';
import { setupEditsFor } from '../course/setup/setup-edits';
import { authoringIssues } from '../course/validate-authoring';
import type { SettingsStore } from '../settings/settings-store';
import type { Audition } from './audition';
import type { CourseEditor } from './course-editor';
import type { CourseSession, OpenCourse } from './course-session';
import { deliveryFor } from './run-format';
import { StudioError } from './studio-error';

export interface CourseSetupOptions {
  readonly session: CourseSession;
  readonly settings: SettingsStore;
  readonly auditions: Audition;
  /** The edit room: the one writer of the course file (its undo, unsaved state, hash guard and conflicts). */
  readonly editor: CourseEditor;
}

const MAX_LISTED_CELLS = 500;

/**
 * The course-setup room (issue 12): the Course panel's title, languages, voices, variants, output
 * settings and pronunciation table. A change is applied to the course file's text and read back by
 * the loader (so it is validated exactly as opening the file would, with the same placed messages),
 * through the edit room (one undoable step, saved atomically behind its hash guard), and replanned:
 * exactly the renders whose content changed go Stale. What a change would re-render, and its price,
 * is answered before saving.
 */
export class CourseSetup {
  constructor(private readonly options: CourseSetupOptions) {}

  view(): SetupView {
    const open = this.options.session.require();
    const { course } = open;
    const draft = this.options.editor.draftText();
    return {
      title: course.title,
      languages: { ...course.languages },
      voices: { ...course.voices },
      variants: course.variants.map((variant) => ({ ...variant })),
      output: { ...course.output },
      pronunciations: (course.pronunciations ?? []).map((entry) => ({ ...entry })),
      storage: draft.saveable ? draft.format : 'memory',
      file: open.view.file,
    };
  }

  /** The renders `change` would alter, and what rendering them again costs; nothing is written. */
  async impact(change: SetupChange): Promise<SetupImpact> {
    const open = this.options.session.require();
    const loaded = this.options.editor.preview(this.editsFor(change));
    const settings = this.options.settings.get();
    const jobs = this.plan(loaded.course, open);
    const affected = jobs.filter((job) => open.byId.get(cellId(job.phraseId, job.variantId))?.key !== job.key);
    const finished = affected.filter((job) => {
      const before = open.byId.get(cellId(job.phraseId, job.variantId));
      const status = before ? this.options.session.cellOf(before)?.status : undefined;
      return status === 'done' || status === 'cached' || status === 'stale';
    }).length;
    const azure = settings.engine === 'azure';
    const chars = affected.reduce((sum, job) => sum + job.billableChars, 0);
    return {
      affected: affected.length,
      finished,
      cells: affected.slice(0, MAX_LISTED_CELLS).map((job) => cellId(job.phraseId, job.variantId)),
      billableChars: azure ? chars : null,
      costUsd: azure ? Math.round((chars / 1_000_000) * settings.pricePerMillionChars * 10_000) / 10_000 : null,
    };
  }

  /** Validates, saves to the course file (atomically), replans: the renders it changes go Stale. */
  async save(change: SetupChange): Promise<SetupView> {
    const open = this.options.session.require();
    const edits = this.editsFor(change);
    this.plan(this.options.editor.preview(edits).course, open); // a naming clash refuses the change before it is written
    const { editor } = this.options;
    await editor.applyEdits('change the course setup', edits);
    // The Course tab saves at once (a sample or a dropped file keeps the change for this session).
    if (editor.draftText().saveable) {
      const state = await editor.save();
      if (state.conflict) throw new StudioError('io-error', `${state.conflict.message} Choose in the editor bar: keep yours or take theirs.`);
    }
    return this.view();
  }

  /** Audition's "Use for <variant>": that variant's voice role gets `voice`, the variant gets `rate`, in one save. */
  async useVoice(request: { variantId: string; voice: string; rate: number }): Promise<SetupView> {
    const { course } = this.options.session.require();
    const variant = course.variants.find((candidate) => candidate.id === request.variantId);
    if (!variant) throw new StudioError('not-found', `The course has no variant "${request.variantId}". Its variants are: ${course.variants.map((v) => v.id).join(', ')}.`);
    return this.save({
      voices: { ...course.voices, [variant.voice]: request.voice },
      variants: course.variants.map((candidate) => (candidate.id === variant.id ? { ...candidate, rate: request.rate } : candidate)),
    });
  }

  /**
   * Says one pronunciation entry in context: the first render whose text holds the word (a variant
   * at the normal rate preferred), in its voice; with no such phrase, the word alone in the voice of
   * the entry's language.
   */
  async auditionEntry(input: SetupPronunciation): Promise<EntryAudition> {
    const open = this.options.session.require();
    const entry = this.checkedEntry(open.course, input);
    const locale = entry.locale?.toLowerCase();
    const holders = open.jobs.filter((job) => (!locale || job.locale.toLowerCase() === locale) && pronunciationAffects(job.text, entry));
    const job = holders.find((candidate) => candidate.rate === 1) ?? holders[0];
    const spoken = job ? { text: job.text, voice: job.voice, rate: job.rate, locale: job.locale } : this.wordAlone(open.course, entry);
    const audio = await this.options.auditions.render({ ...spoken, pronunciations: [entry] });
    return { ...audio, phraseId: job?.phraseId ?? null, voice: spoken.voice, text: spoken.text };
  }

  private wordAlone(course: Course, entry: Pronunciation): { text: string; voice: string; rate: number; locale: string } {
    const locale = entry.locale ?? course.languages.target;
    const variant = course.variants.find((candidate) => course.languages[candidate.text].toLowerCase() === locale.toLowerCase()) ?? course.variants[0]!;
    return { text: entry.text, voice: course.voices[variant.voice] ?? variant.voice, rate: 1, locale };
  }

  /** An entry checked by the loader's own rules (shape, then the table's), first problem as the message. */
  private checkedEntry(course: Course, input: SetupPronunciation): Pronunciation {
    const parsed = PronunciationSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StudioError('invalid-input', `pronunciation of "${input.text}": "${issue.path.join('.')}" ${issue.message}.`);
    }
    const problem = authoringIssues({ ...course, phrases: [], pronunciations: [parsed.data] })[0];
    if (problem) throw new StudioError('invalid-input', `${problem.problem}.${problem.hint ? ` ${problem.hint}` : ''}`);
    return parsed.data;
  }

  private plan(course: Course, open: OpenCourse): RenderJob[] {
    const settings = this.options.settings.get();
    try {
      return planRenders(course, { engine: settings.engine, ...deliveryFor(course, settings) });
    } catch (error) {
      throw new StudioError('course-invalid', `${open.view.file}: ${(error as Error).message}`);
    }
  }

  /** The change as edits of the course file: against the JSON as written, or the course a CSV imports to. */
  private editsFor(change: SetupChange): CourseEdit[] {
    const draft = this.options.editor.draftText();
    if (draft.format === 'json') return setupEditsFor(JSON.parse(draft.text), change);
    // A CSV may only imply its languages (the loader assumes them): languages set here are written, both.
    const { course } = this.options.session.require();
    return setupEditsFor(change.languages ? { ...course, languages: {} } : course, change);
  }
}
