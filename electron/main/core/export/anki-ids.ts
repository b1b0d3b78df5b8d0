import { createHash } from 'node:crypto';

/**
 * Stable Anki identities derived from the course and phrase ids, so re-importing a newer export
 * updates the notes instead of duplicating them (Anki matches notes by guid).
 */
function hashOf(...parts: string[]): Buffer {
  return createHash('sha256').update(JSON.stringify(parts)).digest();
}

/** A positive integer below 2^53 (Anki stores ids as SQLite integers; JavaScript keeps them exact). */
export function stableId(...parts: string[]): number {
  const bytes = hashOf(...parts);
  // 52 bits, offset past 1e12 so ids never collide with Anki's small built-in ids (1 = Default deck).
  return 1_000_000_000_000 + (bytes.readUIntBE(0, 6) % 2 ** 44);
}

/** The note guid: printable, 16 characters of base64url. */
export function noteGuid(courseId: string, phraseId: string): string {
  return hashOf('guid', courseId, phraseId).toString('base64url').slice(0, 16);
}

/** Anki's note checksum: the first 8 hex digits of the sort field's sha1, as an integer. */
export function fieldChecksum(text: string): number {
  return parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16);
}
