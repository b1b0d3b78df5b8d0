import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Whether `child` is `root` itself or lies inside it, lexically. (Not "starts with": `/out-evil` is not
 * inside `/out`.)
 */
export function isWithin(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The real path of `path` when it is a file that lies inside one of `roots` after every symlink in
 * both is resolved; undefined otherwise (missing, outside, or escaping through a link). Checking the
 * resolved path lexically first, then the real path, refuses `..` tricks and links that point out.
 */
export async function realFileWithin(roots: readonly string[], path: string): Promise<string | undefined> {
  const absolute = resolve(path);
  const lexical = roots.filter((root) => isWithin(resolve(root), absolute));
  if (!lexical.length) return undefined;
  const real = await realpath(absolute).catch(() => undefined);
  if (!real) return undefined;
  for (const root of lexical) {
    const realRoot = await realpath(resolve(root)).catch(() => undefined);
    if (realRoot && isWithin(realRoot, real) && real !== realRoot) return real;
  }
  return undefined;
}
