import type { MastersCleaned, MastersView } from '../../../../shared/ipc/contract';
import { ENGINE_NAMES } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import { planRenders } from '../course/render-plan';
import { asStorageError } from '../output/storage-error';
import { describeBusy, folderLockHolder } from '../run/folder-lock';
import { MasterStore, readMasterIndex } from '../run/master-store';
import { masterKeyOf } from '../run/output-build';
import type { CourseSession } from './course-session';
import { holdBetweenRuns, type BetweenRuns } from './folder-locks';
import { StudioError } from './studio-error';

/** A clean writes the folder between runs: `BetweenRuns` is what it waits for and holds (folder-locks.ts). */
export interface MastersRoomOptions extends BetweenRuns {
  readonly session: CourseSession;
  /** Whether a studio run is dispatching (a clean is then refused). */
  readonly runActive: () => boolean;
}

/**
 * The masters room: the open course's masters cache as the Run tab shows it (size, what is unused,
 * who else writes the folder) and "Clean unused masters". A master is in use when a render of the
 * open course needs it under either engine, so switching engine back never bills again; the rest
 * (edited phrases, changed voices or rates) is what a clean removes, under the folder's write lock,
 * never touching a delivered file.
 */
export class MastersRoom {
  constructor(private readonly options: MastersRoomOptions) {}

  async view(): Promise<MastersView> {
    const open = this.options.session.current;
    if (!open) return { outputDir: null, count: 0, bytes: 0, unusedCount: 0, unusedBytes: 0, busy: null };
    const [entries, busy] = await Promise.all([readMasterIndex(open.outDir).catch(() => []), this.busyMessage(open.outDir)]);
    const inUse = mastersInUse(open.course);
    let bytes = 0;
    let unusedCount = 0;
    let unusedBytes = 0;
    for (const entry of entries) {
      bytes += entry.bytes;
      if (inUse.has(entry.key)) continue;
      unusedCount++;
      unusedBytes += entry.bytes;
    }
    return { outputDir: open.outDir, count: entries.length, bytes, unusedCount, unusedBytes, busy };
  }

  async cleanUnused(): Promise<MastersCleaned> {
    const open = this.options.session.require();
    if (this.options.runActive()) throw new StudioError('busy', 'A run is in progress: let it finish before you clean the masters.');
    const release = await holdBetweenRuns(open.outDir, this.options);
    let removed: { count: number; bytes: number };
    try {
      const store = await MasterStore.open(open.outDir);
      try {
        const inUse = mastersInUse(open.course);
        removed = await store.remove(store.keys().filter((key) => !inUse.has(key)));
      } finally {
        await store.close();
      }
    } catch (error) {
      throw asStorageError(error, open.outDir);
    } finally {
      await release();
    }
    return { removed: removed.count, freedBytes: removed.bytes, masters: await this.view() };
  }

  /** Another process (a CLI run) holds the folder: the sentence to show; null when free or held by us. */
  private async busyMessage(outDir: string): Promise<string | null> {
    if (this.options.locks.holds(outDir)) return null;
    const owner = await folderLockHolder(outDir).catch(() => undefined);
    return owner && owner.pid !== process.pid ? describeBusy(outDir, owner) : null;
  }
}

/** The synthesis keys of every render of `course` under each engine: the masters it still needs. */
export function mastersInUse(course: Course): Set<string> {
  const keys = new Set<string>();
  for (const engine of ENGINE_NAMES) for (const job of planRenders(course, { engine, format: 'wav' })) keys.add(masterKeyOf(job));
  return keys;
}
