import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { WrittenFile } from '../output/atomic-write';

/**
 * Whether a file on disk is still the one we wrote. The quick check (size and mtime, as rsync and
 * git do) decides on open; only when it fails, or under `--verify`, is the content hashed.
 */
export interface FileStamp {
  readonly bytes: number;
  readonly mtimeMs: number;
  /** sha256 of the content, hex. */
  readonly sha256: string;
}

export type FileVerdict = { readonly status: 'trusted'; readonly stamp: FileStamp } | { readonly status: 'missing' } | { readonly status: 'changed'; readonly reason: string };

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The stamp of a file just written by other means (its bytes are in hand, so no re-read). */
export async function stampOf(path: string, bytes: Uint8Array): Promise<FileStamp> {
  const info = await lstat(path);
  return { bytes: info.size, mtimeMs: info.mtimeMs, sha256: sha256Of(bytes) };
}

/** The stamp of a file just written by writeFileAtomic, from what its write read off it (output/atomic-write.ts) and its hash. */
export function stampOfWritten(written: WrittenFile, sha256: string): FileStamp {
  return { bytes: written.size, mtimeMs: written.mtimeMs, sha256 };
}

/**
 * Checks a file against its recorded stamp. A symlink or folder never counts (it could point outside
 * the output folder). Same size but another mtime: hashed, and trusted with the new mtime if equal.
 */
export async function checkFile(path: string, recorded: FileStamp, options: { readonly verify?: boolean } = {}): Promise<FileVerdict> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return { status: 'missing' };
  if (!info.isFile()) return { status: 'changed', reason: 'not a regular file' };
  if (info.size !== recorded.bytes) return { status: 'changed', reason: `size ${info.size} instead of ${recorded.bytes}` };
  if (!options.verify && info.mtimeMs === recorded.mtimeMs) return { status: 'trusted', stamp: recorded };
  const sha256 = await sha256OfFile(path);
  if (sha256 !== recorded.sha256) return { status: 'changed', reason: 'content differs (sha256)' };
  return { status: 'trusted', stamp: { ...recorded, mtimeMs: info.mtimeMs } };
}
