import { resolve, sep } from 'node:path';
import { realFileWithin } from './path-guard';

/**
 * Maps a URL path (`/assets/index-abc.js`) to a file inside the built renderer folder, or undefined.
 * Refuses, before touching the disk: undecodable escapes, NUL bytes, backslashes, any `..` segment
 * (also when percent-encoded: `%2e%2e`, `%2e.`), and then anything whose real path (symlinks
 * resolved) is outside the folder. `/` and empty paths serve index.html.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return undefined;
  const relativePath = segments.length ? segments.join(sep) : 'index.html';
  return realFileWithin([root], resolve(root, relativePath));
}
