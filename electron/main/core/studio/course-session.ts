import { basename, extname, join, resolve } from 'node:path';
import { cellId, type CourseView, type RenderCell } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { contentHash } from '../course/edit/content-hash';
import { courseFormatOf, readCourseDocument } from '../course/edit/course-document';
import { loadCourseFile, parseCourseText, type LoadedCourse } from '../course/load-course';
import { readCourseText } from '../course/course-text';
import { planRenders } from '../course/render-plan';
import { RenderMemo } from '../course/render-memo';
import type { SettingsStore } from '../settings/settings-store';
import type { AudioTokens } from './audio-tokens';
import { NOTHING_FINISHED, planCells, readFinishedRenders, type KeyedCell } from './cell-states';
import type { EditableCourse } from './course-editor';
import { toCourseView } from './course-view';
import type { Logger } from './logger';
import { paddingMsOf, withQaWhy } from './qa-why';
import { deliveryFor } from './run-format';
import { listSampleCourses } from './sample-courses';
import type { StudioEvents } from './studio-events';
import { StudioError } from './studio-error';

/** The open course under the current settings: its plan (one job per cell) and its output folder. */
export interface OpenCourse {
  readonly course: Course;
  readonly view: CourseView;
  readonly jobs: readonly RenderJob[];
  readonly byId: ReadonlyMap<string, RenderJob>;
  readonly outDir: string;
  /** Where the course file names a voice or a value (`file:line:column`), for the run's voice and style messages. */
  readonly places: CoursePlaces;
}

/** The loaded file's place finders (absent for a course built in memory). */
export type CoursePlaces = Pick<LoadedCourse, 'voicePlace' | 'placeOf'>;

export interface CourseSessionOptions {
  readonly settings: SettingsStore;
  readonly events: StudioEvents;
  readonly tokens: AudioTokens;
  readonly auditionCacheDir: string;
  readonly samplesDir: string | undefined;
  readonly log: Logger;
  /** Throws when the course may not change now (a run is on); waits for single-cell renders to finish. */
  readonly beforeChange: (what: string) => Promise<void>;
  /** Another course was opened: its text, for the editor (course-editor.ts). */
  readonly opened: (course: EditableCourse) => void;
}

/**
 * The course room: the open course, its plan and every cell's state. Opening, importing and edits
 * (course-editor.ts) replan; a settings change replans through `replan()`. Cells of the old plan that the new
 * one keeps are carried over (see planCells), the others become Stale.
 */
export class CourseSession {
  private open: OpenCourse | undefined;
  private cells = new Map<string, KeyedCell>();
  /**
   * Render key -> duration (ms) of its audio on disk: from the journal when a course is planned, from
   * each synthesis during a run, from single-cell renders. Done and cached cells carry it.
   */
  private readonly durations = new Map<string, number>();
  /** Replanning after an edit derives only the renders whose inputs changed (see render-memo.ts). */
  private readonly memo = new RenderMemo();

  constructor(private readonly options: CourseSessionOptions) {}

  get current(): OpenCourse | undefined {
    return this.open;
  }

  require(): OpenCourse {
    if (!this.open) throw new StudioError('not-found', 'Open a course first.');
    return this.open;
  }

  /** The job of a cell, or a not-found error naming the phrase and variant. */
  jobOf(open: OpenCourse, phraseId: string, variantId: string): RenderJob {
    const job = open.byId.get(cellId(phraseId, variantId));
    if (!job) throw new StudioError('not-found', `The course has no phrase "${phraseId}" with variant "${variantId}".`);
    return job;
  }

  async openPath(path: string): Promise<CourseView> {
    await this.options.beforeChange('open another course');
    const file = resolve(path);
    const extension = extname(file).toLowerCase();
    if (extension !== '.json' && extension !== '.csv' && extension !== '.tsv') return this.setCourse(await loadCourseFile(file)); // refused, with the loader's message
    // The text the course is planned from is the text the editor edits and guards (one read).
    const document = await readCourseDocument(file);
    const view = await this.setCourse(parseCourseText(document.text, file));
    this.options.opened({ document, readOnly: null });
    return view;
  }

  async openSample(name: string): Promise<CourseView> {
    await this.options.beforeChange('open another course');
    // By name; the file name (with its extension) is accepted too, as earlier versions sent it.
    const sample = (await listSampleCourses(this.options.samplesDir)).find((candidate) => candidate.name === name || candidate.file === name);
    if (!this.options.samplesDir || !sample) throw new StudioError('not-found', `There is no sample course called "${name}".`);
    const file = join(this.options.samplesDir, sample.file);
    const text = await readCourseText(file);
    const view = await this.setCourse(parseCourseText(text, file));
    this.openedInMemory(
      file,
      text,
      'This is a sample course, which the studio does not change: edits are kept for this session only. Copy its file and open the copy to save edits.',
    );
    return view;
  }

  /** A dropped file: the page sends its name and text (a sandboxed page has no paths). */
  async importText(name: string, text: string): Promise<CourseView> {
    await this.options.beforeChange('open another course');
    const view = await this.setCourse(parseCourseText(text, basename(name)));
    this.openedInMemory(basename(name), text, 'A dropped file has no path the studio may write to: edits are kept for this session only. Open the file with Open… to save edits.');
    return view;
  }

  /** The editor's course after an edit, undo or reload: replanned, and the renders whose content changed turn Stale. */
  async adoptEdited(loaded: LoadedCourse): Promise<CourseView> {
    return this.plan(loaded.course, loaded.file, loaded.warnings, true, loaded);
  }

  /** A course the studio may edit but not save (a sample, a dropped file). */
  private openedInMemory(file: string, text: string, readOnly: string): void {
    const document = { file, format: courseFormatOf(file), text: text.replace(/^\uFEFF/, ''), diskHash: contentHash(text), bom: false };
    this.options.opened({ document, readOnly });
  }

  /** Plans the open course again under changed settings; cells whose render changed become Stale when `markStale`. */
  async replan(markStale: boolean): Promise<void> {
    const open = this.open;
    if (open) await this.plan(open.course, open.view.file, open.view.warnings, markStale, open.places);
  }

  /** Sets a cell's state; a QA-flagged render gets its "why" (expected vs actual speech, see qa-why.ts). */
  setCell(job: RenderJob, state: RenderCell): void {
    const id = cellId(job.phraseId, job.variantId);
    const cell = withQaWhy(state, job, this.open ? paddingMsOf(this.open.course, job) : 0);
    this.cells.set(id, { key: job.key, cell });
    this.options.events.cellChanged(id, cell);
  }

  cellOf(job: RenderJob): RenderCell | undefined {
    return this.cells.get(cellId(job.phraseId, job.variantId))?.cell;
  }

  cellRecord(): Record<string, RenderCell> {
    const out: Record<string, RenderCell> = {};
    for (const [id, { cell }] of this.cells) out[id] = cell;
    return out;
  }

  /** Cells whose audio is on disk for the current plan (done or cached). */
  finishedCount(): number {
    let finished = 0;
    for (const { cell } of this.cells.values()) if (cell.status === 'cached' || cell.status === 'done') finished++;
    return finished;
  }

  hasFailures(): boolean {
    for (const { cell } of this.cells.values()) if (cell.status === 'failed') return true;
    return false;
  }

  durationOf(key: string): number | undefined {
    return this.durations.get(key);
  }

  setDuration(key: string, durationMs: number): void {
    this.durations.set(key, durationMs);
  }

  private async setCourse(loaded: LoadedCourse): Promise<CourseView> {
    this.cells = new Map();
    this.durations.clear();
    this.options.events.dropCells();
    return this.plan(loaded.course, loaded.file, loaded.warnings, false, loaded);
  }

  /** Plans the course under the current settings and recomputes every cell (see planCells). */
  private async plan(course: Course, file: string, warnings: readonly string[], markStale: boolean, places: CoursePlaces): Promise<CourseView> {
    const settings = this.options.settings.get();
    let jobs: RenderJob[];
    try {
      jobs = planRenders(course, { engine: settings.engine, ...deliveryFor(course, settings), memo: this.memo });
    } catch (error) {
      throw new StudioError('course-invalid', `${file}: ${(error as Error).message}`);
    }
    const outDir = resolve(settings.outputDir, course.id);
    const finished = await readFinishedRenders(outDir).catch((error: unknown) => {
      this.options.log.warn(`cannot read the journal in ${outDir}: ${(error as Error).message}`);
      return NOTHING_FINISHED;
    });
    const view = toCourseView(course, file, warnings);
    this.open = { course, view, jobs, byId: new Map(jobs.map((job) => [cellId(job.phraseId, job.variantId), job])), outDir, places };
    this.options.tokens.setRoots([outDir, this.options.auditionCacheDir]);
    for (const [key, durationMs] of finished.durations) this.durations.set(key, durationMs);
    const previous = this.cells;
    this.cells = planCells(jobs, finished, previous, markStale);
    for (const job of jobs) {
      const id = cellId(job.phraseId, job.variantId);
      const planned = this.cells.get(id)!;
      const cell = withQaWhy(planned.cell, job, paddingMsOf(course, job));
      if (cell !== planned.cell) this.cells.set(id, { key: planned.key, cell });
    }
    this.options.events.courseChanged(view);
    for (const [id, next] of this.cells) {
      const before = previous.get(id);
      if (!before || before.cell !== next.cell) this.options.events.cellChanged(id, next.cell);
    }
    this.options.events.flushCells();
    this.options.events.runChanged();
    return view;
  }
}
