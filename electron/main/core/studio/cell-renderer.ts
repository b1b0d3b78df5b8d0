import type { RenderCell } from '../../../../shared/ipc/contract';
import { CourseRun } from '../run/course-run';
import { deliveredLevels } from '../../../../shared/model/delivery';
import type { JournalEntry } from '../run/journal';
import type { SettingsStore } from '../settings/settings-store';
import type { CourseSession, OpenCourse } from './course-session';
import type { FolderLocks } from './folder-locks';
import type { Logger } from './logger';
import type { PoolReadout } from './pool-readout';
import type { PoolRegistry } from './pool-registry';
import { checkOutputFolder } from './output-folder-check';
import { deliveryFor } from './run-format';
import { StudioError } from './studio-error';

/** A short-lived CourseRun for single-cell renders outside a run, shared by overlapping renders. */
interface CellRun {
  /** The plan it renders: a voice or settings change makes a new one. */
  readonly course: OpenCourse;
  readonly run: Promise<CourseRun>;
  /** Lets go of the output folder's write lock (held while the CourseRun is open). */
  readonly releaseFolder: Promise<() => Promise<void>>;
  users: number;
  /** Resolves when the last user is done (what retire() waits for: no polling). */
  readonly idle: Promise<void>;
  readonly markIdle: () => void;
}

export interface CellRendererOptions {
  readonly session: CourseSession;
  readonly settings: SettingsStore;
  readonly pools: PoolRegistry;
  readonly readout: PoolReadout;
  readonly log: Logger;
  /** The live run's CourseRun, if a run is dispatching: a cell render then goes through it. */
  readonly activeRun: () => CourseRun | undefined;
  /** The output folders' write lock, shared with the run (another process holding it refuses the render). */
  readonly locks: FolderLocks;
}

/**
 * The cell room: "render this cell again" (Enter in the table). During a run it goes through the
 * run's CourseRun at high priority; outside one, through a short-lived CourseRun on the interactive
 * pool, so the file is written and journaled exactly as in a run. Only one journal handle per output
 * folder is ever open: a run waits for `retire()` before it opens its own.
 */
export class CellRenderer {
  private cellRun: CellRun | undefined;
  private closing: Promise<void> = Promise.resolve();

  constructor(private readonly options: CellRendererOptions) {}

  /** Re-renders one cell now, at high priority (ahead of queued batch renders in the pool). */
  async renderCell(phraseId: string, variantId: string): Promise<RenderCell> {
    const { session, readout } = this.options;
    const open = session.require();
    const job = session.jobOf(open, phraseId, variantId);
    const id = `${phraseId}/${variantId}`;
    session.setCell(job, { status: 'running', attempt: 1 });
    try {
      const active = this.options.activeRun();
      if (!active) await checkOutputFolder(open.outDir, { create: true });
      const entry = active ? await active.renderNow(id) : await this.withCellRun((run) => run.renderNow(id));
      const cell: RenderCell = { status: 'done', durationMs: entry.durationMs, ...deliveredLevels(entry) };
      if (session.current !== open) return cell;
      session.setDuration(job.key, entry.durationMs);
      readout.countRender();
      session.setCell(job, cell);
      return session.cellOf(job) ?? cell; // as set: with its QA "why" when flagged
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const kind = (error as { kind?: string }).kind ?? 'unknown';
      const cell: RenderCell = { status: 'failed', attempt: 1, error: message, errorKind: kind };
      if (session.current === open) session.setCell(job, cell);
      readout.recordError(kind, message);
      if (error instanceof StudioError || (error as Error).name === 'EngineUnavailableError') throw error;
      return cell;
    }
  }

  /** Waits for single-cell renders to finish and their journal to close (before a run opens its own). */
  async retire(): Promise<void> {
    const record = this.cellRun;
    if (record) {
      this.cellRun = undefined;
      if (record.users > 0) await record.idle;
    }
    await this.closing;
  }

  private async withCellRun(fn: (run: CourseRun) => Promise<JournalEntry>): Promise<JournalEntry> {
    // One made for an earlier plan keeps serving its own renders but takes no new ones.
    if (this.cellRun && this.cellRun.course !== this.options.session.current) await this.retire();
    if (!this.cellRun) {
      await this.closing;
      this.cellRun ??= this.newCellRun();
    }
    const record = this.cellRun;
    record.users++;
    try {
      return await fn(await record.run);
    } finally {
      record.users--;
      if (record.users === 0) {
        if (this.cellRun === record) this.cellRun = undefined;
        this.closing = record.run
          .then((run) => run.close())
          .catch((error: unknown) => this.options.log.warn(`closing the cell journal: ${(error as Error).message}`))
          .finally(() => record.releaseFolder.then((release) => release()).catch(() => undefined));
        record.markIdle();
      }
    }
  }

  private newCellRun(): CellRun {
    const open = this.options.session.require();
    const settings = this.options.settings.get();
    const releaseFolder = this.options.locks.hold(open.outDir);
    const run = releaseFolder
      .then(() => this.options.pools.interactivePool(settings))
      .then((pool) => new CourseRun({ course: open.course, outDir: open.outDir, engine: settings.engine, ...deliveryFor(open.course, settings), pool, maxConcurrency: 1 }));
    releaseFolder.catch(() => undefined); // reported through `run`
    let markIdle = (): void => undefined;
    const idle = new Promise<void>((resolve) => (markIdle = resolve));
    return { course: open, run, releaseFolder, users: 0, idle, markIdle };
  }
}
