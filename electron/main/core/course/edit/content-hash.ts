import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * The hash a course file was read with, so a save can tell whether the file changed on disk since
 * (an editor, a git checkout, a sync tool). Over the bytes, so any change at all counts.
 */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What `hashOnDisk` says of a file that is not there: a save may expect it (keep mine over a deleted file). */
export const MISSING_FILE_HASH = 'missing';

/** The hash of the file as it is on disk now; undefined when it is gone. */
export async function hashOnDisk(file: string): Promise<string | undefined> {
  try {
    return contentHash(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
