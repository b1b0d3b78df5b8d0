/**
 * A write into the output folder failed for a reason no retry fixes (disk full, read-only, no
 * permission): the run stops with one line naming the folder and what to do. Finished files and
 * masters stay; a rerun after fixing it continues where this one stopped.
 */
const FULL = new Set(['ENOSPC', 'EDQUOT']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

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
  return !!code && (FULL.has(code) || NOT_WRITABLE.has(code));
}

/** Wraps a disk-full or not-writable error in a StorageError naming `folder`; other errors pass through. */
export function asStorageError(error: unknown, folder: string): unknown {
  if (error instanceof StorageError || !isStorageFailure(error)) return error;
  const code = (error as NodeJS.ErrnoException).code!;
  const message = FULL.has(code)
    ? `No space left for ${folder} (${code}): free some space and run again; every finished render is kept`
    : `${folder} cannot be written (${code}: read-only or no permission): make it writable or choose another output folder; every finished render is kept`;
  return new StorageError(message, code, folder);
}
