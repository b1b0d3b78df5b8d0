import type { IpcError } from '../../../../shared/ipc/contract';

/** Node's file-system error codes the producer can act on, in their words. */
const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'you may not write or read there',
  EPERM: 'the system does not allow it',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'your disk quota is used up',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A file-system error whose cause is known (ENOENT, EACCES, ENOSPC, ...) as a sentence naming the
 * path, instead of "Something went wrong inside the studio". Undefined for anything else.
 */
export function describeSystemError(error: unknown): IpcError | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || !(code in WHY)) return undefined;
  const where = typeof path === 'string' ? `"${path}"` : 'a file the studio needed';
  return { code: 'io-error', message: `The studio cannot use ${where}: ${WHY[code]} (${code}). Check the output folder in Settings and the disk, then try again.` };
}
