/**
 * The bytes of the masters this process stored lately, held in memory within a byte budget, oldest
 * dropped first. What is made from a master right after it is stored (its lesson's track, built as
 * soon as the lesson's clips are delivered) then neither reads it back from disk nor hashes it again:
 * these are the very bytes whose hash the index recorded. Only a cache: a master that fell out, or
 * whose buffer was moved elsewhere, is read from disk and checked as usual.
 */
export class RecentMasters {
  /** With each master's size as kept: a buffer moved away since reads as 0 bytes. */
  private readonly byKey = new Map<string, { readonly bytes: Uint8Array; readonly size: number }>();
  private held = 0;

  constructor(private readonly budgetBytes: number) {}

  /** Keeps `bytes` (not copied: the caller hands them over and must not change them). */
  keep(key: string, bytes: Uint8Array): void {
    this.drop(key);
    if (bytes.byteLength > this.budgetBytes) return;
    this.byKey.set(key, { bytes, size: bytes.byteLength });
    this.held += bytes.byteLength;
    for (const oldest of this.byKey.keys()) {
      if (this.held <= this.budgetBytes) break;
      this.drop(oldest);
    }
  }

  /** A copy of the master's bytes (the caller may move it to another thread), when held whole. */
  copyOf(key: string, expectedBytes: number): Uint8Array | undefined {
    const kept = this.byKey.get(key);
    if (!kept) return undefined;
    // A detached buffer (moved to a worker by someone else) reads as 0 bytes: read from disk then.
    if (kept.bytes.byteLength !== expectedBytes) {
      this.drop(key);
      return undefined;
    }
    return kept.bytes.slice();
  }

  drop(key: string): void {
    const kept = this.byKey.get(key);
    if (!kept) return;
    this.byKey.delete(key);
    this.held -= kept.size;
  }

  get heldBytes(): number {
    return this.held;
  }
}
