import { isAbsolute, posix, relative, resolve, win32 } from 'node:path';

/**
 * Whether a path read from a journal may be touched: relative, normalized, with forward slashes,
 * no `..`, and inside `outDir` (not in our own `.course-audio-studio` folder). A journal is a file
 * anyone can edit; an entry like `../secret.txt` must never be read, copied, served or deleted.
 */
export function isSafeOutputPath(outDir: string, file: string): boolean {
  if (!file || file.includes('\0') || file.includes('\\')) return false;
  if (isAbsolute(file) || posix.isAbsolute(file) || win32.isAbsolute(file)) return false;
  if (posix.normalize(file) !== file || file.split('/').some((part) => part === '..' || part === '.' || part === '')) return false;
  if (file.split('/')[0] === '.course-audio-studio') return false;
  const rel = relative(resolve(outDir), resolve(outDir, file));
  return rel === file.split('/').join(rel.includes('\\') ? '\\' : '/');
}
