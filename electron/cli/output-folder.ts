import { lockOutputFolder, FolderBusyError, type FolderLock } from '../main/core/run/folder-lock';
import type { CourseRun } from '../main/core/run/course-run';
import { asStorageError, StorageError } from '../main/core/output/storage-error';

/**
 * The CLI's side of "one writer per folder, and a clear line when the folder cannot be used":
 * busy (another run holds it) exits 2 at once; full or read-only stops with the folder named.
 */
export type Claimed = { readonly ok: true; readonly lock: FolderLock } | { readonly ok: false; readonly message: string; readonly exitCode: number };

export async function claimOutputFolder(outDir: string): Promise<Claimed> {
  try {
    return { ok: true, lock: await lockOutputFolder(outDir) };
  } catch (error) {
    if (error instanceof FolderBusyError) return { ok: false, message: error.message, exitCode: 2 };
    const storage = asStorageError(error, outDir);
    if (storage instanceof StorageError) return { ok: false, message: storage.message, exitCode: 1 };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOENT') {
      const why = code === 'ENOENT' ? 'it cannot be created there' : 'a file is in the way';
      return { ok: false, message: `${outDir} cannot be used as the output folder: ${why} (${code}); choose another folder with --out`, exitCode: 2 };
    }
    throw error;
  }
}

/** `run.prepare()` (integrity check, pruning, deriving from masters) with storage failures as one line. */
export async function prepareRun(run: CourseRun): Promise<{ ok: true; prepared: Awaited<ReturnType<CourseRun['prepare']>> } | { ok: false; message: string }> {
  try {
    return { ok: true, prepared: await run.prepare() };
  } catch (error) {
    if (error instanceof StorageError) return { ok: false, message: error.message };
    throw error;
  }
}
