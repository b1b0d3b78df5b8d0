import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A write into the output folder failed for a reason no retry fixes (disk full, read-only, no
 * permission, a folder where a file goes or a file where a folder goes): the run stops with one line
 * naming the folder (or the thing in the way) and what to do. Finished files and masters stay; a rerun
 * after fixing it continues where this one stopped.
 */
const FULL = new Set(['ENOSPC', 'EDQUOT']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);
/** Something the producer put in the output folder blocks a path the course writes. */
const IN_THE_WAY = new Set(['EISDIR', 'ENOTDIR']);
const KEPT = 'every finished render is kept';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    message: string,
    readonly code: string,
    readonly folder: string,
  ) {
    super(message);
  }
}

export function isStorageFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return !!code && (FULL.has(code) || NOT_WRITABLE.has(code) || IN_THE_WAY.has(code));
}

/** Wraps a disk-full or not-writable error in a StorageError naming `folder`; other errors pass through. */
export function asStorageError(error: unknown, folder: string): unknown {
  if (error instanceof StorageError || !isStorageFailure(error)) return error;
  const errno = error as NodeJS.ErrnoException & { dest?: string };
  const code = errno.code!;
  if (IN_THE_WAY.has(code)) return new StorageError(inTheWayMessage(errno, folder), code, folder);
  const message = FULL.has(code)
    ? `No space left for ${folder} (${code}): free some space and run again; ${KEPT}`
    : `${folder} cannot be written (${code}: read-only or no permission): make it writable or choose another output folder; ${KEPT}`;
  return new StorageError(message, code, folder);
}

/**
 * EISDIR: the target (a rename's `dest`) is a folder. ENOTDIR: some folder on the path is a file;
 * the nearest such one is named (looked up now: this runs once, as the run stops).
 */
function inTheWayMessage(error: NodeJS.ErrnoException & { dest?: string }, folder: string): string {
  const path = error.dest ?? error.path;
  if (error.code === 'EISDIR') return `${path ?? 'A file of the course'} is a folder, where the course writes a file: move or rename that folder, then run again; ${KEPT}`;
  const file = path ? fileInTheWay(dirname(path)) : undefined;
  return `${file ?? `A file in ${folder}`} is a file, where the course needs a folder: move or rename that file, then run again; ${KEPT}`;
}

function fileInTheWay(path: string): string | undefined {
  for (let at = path; at !== dirname(at); at = dirname(at)) {
    try {
      if (!lstatSync(at).isDirectory()) return at;
    } catch {
      // missing: look further up
    }
  }
  return undefined;
}
