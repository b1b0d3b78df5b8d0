/**
 * Crash-safe file writes: the final name only ever points at a complete file.
 *
 * The data goes to a uniquely named temp file in the same directory (same filesystem, so the
 * rename is atomic), which is fsynced, then renamed over the target; then the directory is fsynced
 * so the rename itself survives a power loss (best effort: not possible on Windows). A process
 * killed at any moment leaves either the old target, or the new one, plus at worst a stray
 * `.name.<pid>.<random>.tmp` that `removeStaleTempFiles` cleans up on the next run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface WriteFileAtomicOptions {
  /** fsync the temp file and the directory (default true). Turn off only for scratch data. */
  readonly fsync?: boolean;
  /** Create missing parent directories first (default true; naming templates make subfolders). */
  readonly mkdirs?: boolean;
  /**
   * Test seam: runs when the temp file is complete and synced, just before the rename. If it throws,
   * the write fails, the temp file is removed and the target is left untouched.
   */
  readonly beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Matches the temp names `tempPathFor` makes: `.<name>.<pid>.<hex>.tmp`. */
const TEMP_NAME = /^\..*\.(\d+)\.[0-9a-f]{12}\.tmp$/;
/** Keep temp names under the usual 255-byte limit however long the target's name is. */
const MAX_BASE_IN_TEMP = 180;

/** A fresh temp path beside `target`: `.<name>.<pid>.<12 hex>.tmp`. */
export function tempPathFor(target: string): string {
  const base = path.basename(target).slice(0, MAX_BASE_IN_TEMP);
  return path.join(path.dirname(target), `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** What was written, read off the open file before it was renamed: a run's journal records it, so no stat follows. */
export interface WrittenFile {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Writes `data` (bytes, text, or a function writing into the open temp file) to `target` atomically
 * (see the file comment), creating missing parent directories
 * unless `mkdirs: false`. On failure the target is unchanged and no temp file is left behind.
 * Returns the file's size and mtime as written, so a journal records them without another stat.
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string | ((handle: FileHandle) => Promise<void>),
  options: WriteFileAtomicOptions = {},
): Promise<WrittenFile> {
  const doSync = options.fsync ?? true;
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  let written: WrittenFile;
  try {
    handle = await openTemp(temp, options.mkdirs ?? true);
    // A function writes a file too large to hold in memory (an Anki package) straight into the temp file.
    if (typeof data === 'function') await data(handle);
    else await handle.writeFile(data);
    if (doSync) await handle.sync();
    // Neither close nor rename changes a file's mtime: this is what a later stat reads.
    const info = await handle.stat();
    written = { size: info.size, mtimeMs: info.mtimeMs };
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(temp);
    await renameWithRetry(temp, target);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (doSync) await fsyncDirectory(path.dirname(target));
  return written;
}

/**
 * Opens a new temp file, exclusively (never clobbering another writer's). Its folder is made only
 * when the open finds it missing: a run writes thousands of files into folders that exist, and a
 * mkdir before each was one more trip to the file system's thread pool per file.
 */
async function openTemp(temp: string, mkdirs: boolean): Promise<FileHandle> {
  try {
    return await open(temp, 'wx');
  } catch (error) {
    if (!mkdirs || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(temp), { recursive: true });
    return open(temp, 'wx');
  }
}

export interface RemoveStaleTempFilesOptions {
  /** Also look in subfolders (default true: naming templates such as `{lesson}/...` make them). */
  readonly recursive?: boolean;
  /**
   * Also remove temp files of live processes once they are this old (ms). By default a temp file
   * whose writer (the pid in its name) is still running is left alone, since it may be mid-write.
   */
  readonly olderThanMs?: number;
}

/**
 * Deletes temp files that `writeFileAtomic` left in `dir` (and, by default, its subfolders) when a
 * run was killed mid-write. Only names of that exact shape are touched; symlinked folders are not
 * followed. Returns the paths removed; a missing dir gives [].
 */
export async function removeStaleTempFiles(dir: string, options: RemoveStaleTempFilesOptions = {}): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return [];
    throw error;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (options.recursive ?? true) removed.push(...(await removeStaleTempFiles(file, options)));
      continue;
    }
    const match = TEMP_NAME.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    if (isProcessAlive(Number(match[1]))) {
      if (options.olderThanMs === undefined) continue;
      const info = await stat(file).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < options.olderThanMs) continue;
    }
    try {
      await unlink(file);
      removed.push(file);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  return removed;
}

/** Windows refuses to rename over a file something holds open (indexer, antivirus, a player): retry briefly. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  const delaysMs = [10, 30, 60, 120, 250];
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const transient = isErrno(error, 'EPERM') || isErrno(error, 'EACCES') || isErrno(error, 'EBUSY');
      const delay = delaysMs[attempt];
      if (!transient || process.platform !== 'win32' || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Directory fsyncs per directory: the one under way and the one every later rename shares. */
const dirSyncs = new Map<string, { running: Promise<void>; next: Promise<void> | undefined }>();

/**
 * Makes a completed rename durable, with group commit: a rename that finds a directory fsync under way
 * (it may have started before the rename) waits for the next one, which every rename until it starts
 * shares, so a run delivering many files at once syncs its folder a few times, not once per file.
 */
function fsyncDirectory(dir: string): Promise<void> {
  const state = dirSyncs.get(dir);
  if (!state) {
    const entry = { running: syncDirectoryNow(dir), next: undefined as Promise<void> | undefined };
    dirSyncs.set(dir, entry);
    void entry.running.then(() => {
      if (dirSyncs.get(dir) === entry && !entry.next) dirSyncs.delete(dir);
    });
    return entry.running;
  }
  state.next ??= state.running.then(() => {
    const running = syncDirectoryNow(dir);
    state.running = running;
    state.next = undefined;
    void running.then(() => {
      if (dirSyncs.get(dir) === state && !state.next && state.running === running) dirSyncs.delete(dir);
    });
    return running;
  });
  return state.next;
}

/** Not supported on Windows or some filesystems: ignored there (never rejects). */
async function syncDirectoryNow(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM'); // exists, owned by someone else
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
