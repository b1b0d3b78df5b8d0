import { FolderBusyError, lockOutputFolder, type FolderLock } from '../run/folder-lock';
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

  /** Holds `outDir` for one writer; call the returned function when it is done (once). */
  async hold(outDir: string): Promise<() => Promise<void>> {
    let entry = this.held.get(outDir);
    if (!entry) {
      const lock = lockOutputFolder(outDir, { onCompromised: () => undefined }).catch((error: unknown) => {
        this.held.delete(outDir);
        throw error instanceof FolderBusyError ? new StudioError('busy', `${error.message}. Wait for it to finish, or choose another output folder.`) : error;
      });
      entry = { users: 0, lock };
      this.held.set(outDir, entry);
    }
    entry.users++;
    const holding = entry;
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
      await (await holding.lock).release();
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
    await Promise.all(all.map((entry) => entry.lock.then((lock) => lock.release()).catch(() => undefined)));
  }
}
