import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that reports why it failed, one folder at a time. Node's recursive mkdir answers ENOENT
 * when a parent cannot be created on a read-only filesystem (the "ENOENT ... mkdir" for a
 * read-only folder), and spins at 100 % CPU for a path under /proc; creating the missing folders one
 * by one surfaces the real cause (EROFS, EACCES, ENOSPC, ENOTDIR, ENOENT) at once.
 */
export async function makeFolder(path: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}' (${dir} is a file)`), { code: 'ENOTDIR', path: dir });
      break;
    }
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
