import { basename, extname, join, resolve } from 'node:path';
import { cellId, type CourseView, type RenderCell } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { loadCourseFile, parseCourseText, type LoadedCourse } from '../course/load-course';
import { planRenders } from '../course/render-plan';
import { saveVoiceAssignment } from '../course/save-voice';
import type { SettingsStore } from '../settings/settings-store';
import type { AudioTokens } from './audio-tokens';
import { NOTHING_FINISHED, planCells, readFinishedRenders, type KeyedCell } from './cell-states';
import { toCourseView, voiceRolesOf } from './course-view';
import type { Logger } from './logger';
import { paddingMsOf, withQaWhy } from './qa-why';
import { formatFor } from './run-format';
import { listSampleCourses } from './sample-courses';
import type { StudioEvents } from './studio-events';
import { StudioError } from './studio-error';

/** The open course under the current settings: its plan (one job per cell) and its output folder. */
export interface OpenCourse {
  readonly course: Course;
  readonly view: CourseView;
  /** The producer's own course JSON, where voice assignments are saved (not samples or dropped text). */
  readonly savePath: string | undefined;
  readonly jobs: readonly RenderJob[];
  readonly byId: ReadonlyMap<string, RenderJob>;
  readonly outDir: string;
}

export interface CourseSessionOptions {
  readonly settings: SettingsStore;
  readonly events: StudioEvents;
  readonly tokens: AudioTokens;
  readonly auditionCacheDir: string;
  readonly samplesDir: string | undefined;
  readonly log: Logger;
  /** Throws when the course may not change now (a run is on); waits for single-cell renders to finish. */
  readonly beforeChange: (what: string) => Promise<void>;
}

/**
 * The course room: the open course, its plan and every cell's state. Opening, importing and voice
 * changes replan; a settings change replans through `replan()`. Cells of the old plan that the new
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
    return this.setCourse(await loadCourseFile(file), extname(file).toLowerCase() === '.json' ? file : undefined);
  }

  async openSample(name: string): Promise<CourseView> {
    await this.options.beforeChange('open another course');
    // By name; the file name (with its extension) is accepted too, as earlier versions sent it.
    const sample = (await listSampleCourses(this.options.samplesDir)).find((candidate) => candidate.name === name || candidate.file === name);
    if (!this.options.samplesDir || !sample) throw new StudioError('not-found', `There is no sample course called "${name}".`);
    return this.setCourse(await loadCourseFile(join(this.options.samplesDir, sample.file)));
  }

  /** A dropped file: the page sends its name and text (a sandboxed page has no paths). */
  async importText(name: string, text: string): Promise<CourseView> {
    await this.options.beforeChange('open another course');
    return this.setCourse(parseCourseText(text, basename(name)));
  }

  /**
   * Assigns an Azure voice to a course role. A course JSON opened from disk gets the change saved
   * into it (only that value is rewritten); samples, dropped files and CSV lists keep it in memory.
   */
  async assignVoice(role: string, voice: string): Promise<CourseView> {
    const open = this.require();
    if (!voiceRolesOf(open.course).has(role)) {
      throw new StudioError('not-found', `The course has no voice role "${role}". Its roles are: ${[...voiceRolesOf(open.course)].join(', ')}.`);
    }
    await this.options.beforeChange('change voices'); // single-cell renders of the old voices finish first
    const course: Course = { ...open.course, voices: { ...open.course.voices, [role]: voice } };
    let warnings = open.view.warnings;
    if (open.savePath) {
      // A read-only or since-edited file must not undo the producer's choice: use it, and say why it is not saved.
      await saveVoiceAssignment(open.savePath, role, voice).catch((error: unknown) => {
        warnings = [...warnings, `The voice "${voice}" for "${role}" is used in this session but was not saved: ${(error as Error).message}`];
      });
    }
    return this.plan(course, open.view.file, warnings, true, open.savePath);
  }

  /** Plans the open course again under changed settings; cells whose render changed become Stale when `markStale`. */
  async replan(markStale: boolean): Promise<void> {
    const open = this.open;
    if (open) await this.plan(open.course, open.view.file, open.view.warnings, markStale, open.savePath);
  }

  /** Sets a cell's state; a QA-flagged render gets its "why" (expected vs actual speech, see qa-why.ts). */
  setCell(job: RenderJob, state: RenderCell): void {
    const id = cellId(job.phraseId, job.variantId);
    const cell = withQaWhy(state, job, this.open ? paddingMsOf(this.open.course) : 0);
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

  private async setCourse(loaded: LoadedCourse, savePath?: string): Promise<CourseView> {
    this.cells = new Map();
    this.durations.clear();
    this.options.events.dropCells();
    return this.plan(loaded.course, loaded.file, loaded.warnings, false, savePath);
  }

  /** Plans the course under the current settings and recomputes every cell (see planCells). */
  private async plan(course: Course, file: string, warnings: readonly string[], markStale: boolean, savePath: string | undefined): Promise<CourseView> {
    const settings = this.options.settings.get();
    let jobs: RenderJob[];
    try {
      jobs = planRenders(course, { engine: settings.engine, format: formatFor(course, settings) });
    } catch (error) {
      throw new StudioError('course-invalid', `${file}: ${(error as Error).message}`);
    }
    const outDir = resolve(settings.outputDir, course.id);
    const finished = await readFinishedRenders(outDir).catch((error: unknown) => {
      this.options.log.warn(`cannot read the journal in ${outDir}: ${(error as Error).message}`);
      return NOTHING_FINISHED;
    });
    const view = toCourseView(course, file, warnings);
    this.open = { course, view, savePath, jobs, byId: new Map(jobs.map((job) => [cellId(job.phraseId, job.variantId), job])), outDir };
    this.options.tokens.setRoots([outDir, this.options.auditionCacheDir]);
    for (const [key, durationMs] of finished.durations) this.durations.set(key, durationMs);
    const previous = this.cells;
    this.cells = planCells(jobs, finished, previous, markStale);
    const paddingMs = paddingMsOf(course);
    for (const job of jobs) {
      const id = cellId(job.phraseId, job.variantId);
      const planned = this.cells.get(id)!;
      const cell = withQaWhy(planned.cell, job, paddingMs);
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
