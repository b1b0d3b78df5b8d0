import { access } from 'node:fs/promises';

/** Whether something is at `path` (a file or a folder); any error reads as not there. */
export const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
