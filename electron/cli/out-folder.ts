import { stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { STATE_DIR } from '../main/core/run/state-dir';

/** Linux's PATH_MAX, in bytes with the terminating NUL: longer paths cannot be opened at all. */
export const MAX_PATH_BYTES = 4095;

/**
 * Why `--out` cannot be the output folder, in one line, or undefined when it can (missing folders
 * are created by the run). Checked before the engine starts, so nothing is synthesized for nothing.
 * `longestFile` is the longest relative path the run writes, to check the whole path's length.
 */
export async function outFolderProblem(outDir: string, longestFile?: string): Promise<string | undefined> {
  const folder = resolve(outDir);
  // Another output folder's own state (masters, journal) is no place for a course's audio: its next run
  // would take the files for its cache's and the audio for a master's.
  const state = folder.split(sep).indexOf(STATE_DIR);
  if (state > 0)
    return `--out ${outDir} is inside ${folder
      .split(sep)
      .slice(0, state + 1)
      .join(sep)}, the state folder of another output folder; pass that output folder itself or another folder`;
  for (let path = folder; ; path = dirname(path)) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
    if (info instanceof Error) {
      if ((info as NodeJS.ErrnoException).code !== 'ENOTDIR')
        return `--out ${outDir}: cannot use ${path} (${(info as NodeJS.ErrnoException).code ?? info.message}); pass a folder you can write to`;
    } else if (info) {
      if (info.isDirectory()) break;
      return path === folder
        ? `--out ${outDir} is a file, not a folder; pass a folder (it is created if missing)`
        : `--out ${outDir} is inside ${path}, which is a file, not a folder; pass a folder path`;
    }
    if (dirname(path) === path) break;
  }
  if (longestFile) {
    const bytes = Buffer.byteLength(resolve(folder, longestFile), 'utf8');
    if (bytes > MAX_PATH_BYTES)
      return `--out ${outDir}: the path of "${longestFile}" inside it would be ${bytes} bytes (at most ${MAX_PATH_BYTES}); use a shorter folder or naming template`;
  }
  return undefined;
}
