import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { realFileWithin } from './path-guard';

/**
 * Audio reaches the page by opaque token, never by path: a token is 128 random bits mapped to one
 * file, and only files inside the allowed roots (the open course's output folder, the audition cache)
 * can get one. The check runs again when the token is used, so a token for a folder that is no longer
 * current (another course opened) or a file swapped for a symlink since stops working.
 *
 * Tokens are fresh for every request (a re-rendered cell gets a new URL, so the page's <audio> reloads)
 * and the oldest are forgotten beyond `capacity`, so the map stays small over a long session.
 */
export class AudioTokens {
  private readonly byToken = new Map<string, string>();
  private roots: string[] = [];

  constructor(private readonly capacity = 1_000) {}

  /** The folders whose files may be served. Replaces the previous set. */
  setRoots(roots: ReadonlyArray<string | undefined | null>): void {
    this.roots = roots.filter((root): root is string => typeof root === 'string' && root.length > 0);
  }

  get allowedRoots(): readonly string[] {
    return this.roots;
  }

  /** A new token for this file, or undefined when the file is missing or outside the allowed roots. */
  async register(path: string): Promise<string | undefined> {
    const real = await realFileWithin(this.roots, path);
    if (!real || !(await stat(real)).isFile()) return undefined;
    const token = randomBytes(16).toString('hex');
    this.byToken.set(token, real);
    while (this.byToken.size > this.capacity) this.byToken.delete(this.byToken.keys().next().value!);
    return token;
  }

  /** The file behind a token, re-checked against the current roots; undefined when unknown or no longer allowed. */
  async resolve(token: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{32}$/.test(token)) return undefined;
    const path = this.byToken.get(token);
    if (!path) return undefined;
    return realFileWithin(this.roots, path);
  }

  clear(): void {
    this.byToken.clear();
  }
}
