import { FolderBusyError, lockOutputFolder, type FolderLock } from '../run/folder-lock';
import type { CellRenderer } from './cell-renderer';
import type { Logger } from './logger';
import { StudioError } from './studio-error';

/**
 * The studio's hold on output folders: the same inter-process write lock the CLI takes
 * (run/folder-lock.ts), taken while the studio writes a folder (a run, a cell render, a clean of the
 * masters) and shared by those writers inside this one process: the first takes the lock, the last
 * to finish releases it. Another process holding it (a CLI run) refuses at once with
 * "<folder> is being written by another run (pid N, started HH:MM)".
 */
export class FolderLocks {
  private readonly held = new Map<string, { users: number; lock: Promise<FolderLock> }>();
  /** Releases under way: a new hold waits for them, or it would find its own process's lock. */
  private readonly releasing = new Map<string, Promise<void>>();

  constructor(private readonly log?: Logger) {}

  /** Holds `outDir` for one writer; call the returned function when it is done (once). */
  async hold(outDir: string): Promise<() => Promise<void>> {
    let entry = this.held.get(outDir);
    while (!entry && this.releasing.has(outDir)) {
      await this.releasing.get(outDir);
      entry = this.held.get(outDir);
    }
    if (!entry) {
      const lock = lockOutputFolder(outDir, {
        onCompromised: (error) => this.log?.warn(`lost the write lock of ${outDir} (the machine stalled past its stale time?): ${error.message}`),
      }).catch((error: unknown) => {
        if (this.held.get(outDir) === entry) this.held.delete(outDir);
        throw error instanceof FolderBusyError ? new StudioError('busy', `${error.message}. Wait for it to finish, or choose another output folder.`) : error;
      });
      entry = { users: 0, lock };
      this.held.set(outDir, entry);
    }
    const holding = entry;
    holding.users++;
    try {
      await holding.lock;
    } catch (error) {
      holding.users--;
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      if (--holding.users > 0) return;
      if (this.held.get(outDir) === holding) this.held.delete(outDir);
      const release = holding.lock.then((lock) => lock.release());
      this.releasing.set(outDir, release);
      try {
        await release;
      } finally {
        if (this.releasing.get(outDir) === release) this.releasing.delete(outDir);
      }
    };
  }

  /** Whether this process holds `outDir` now. */
  holds(outDir: string): boolean {
    return this.held.has(outDir);
  }

  /** Releases every folder (shutdown). */
  async releaseAll(): Promise<void> {
    const all = [...this.held.values()];
    this.held.clear();
    await Promise.all([...all.map((entry) => entry.lock.then((lock) => lock.release()).catch(() => undefined)), ...this.releasing.values()]);
  }
}

/** What a writer of the folder outside any run waits for before it holds the folder. */
export interface BetweenRuns {
  readonly locks: FolderLocks;
  /** Resolves once a run that just finished has let go of the folder (RunController.settled). */
  readonly runSettled: () => Promise<void>;
  /** Single-cell renders outside a run: retired first (their CourseRun holds the journal and the masters open). */
  readonly cells: Pick<CellRenderer, 'retire'>;
}

/**
 * Holds `outDir` for a writer that runs between runs (Build tracks, Export, Clean unused masters): they
 * are offered the moment a run says finished, and the run's own hold goes a moment later, so it waits
 * for that and for any cell render to be retired; then the studio's one hold, as every writer takes.
 */
export async function holdBetweenRuns(outDir: string, { locks, runSettled, cells }: BetweenRuns): Promise<() => Promise<void>> {
  await runSettled();
  await cells.retire();
  return locks.hold(outDir);
}
