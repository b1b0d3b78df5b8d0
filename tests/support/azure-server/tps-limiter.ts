/**
 * Sliding-window admission for turns: at most `limit` turns may start in any `windowMs`.
 * Only admitted turns count, so a client that backs off gets back in as the window slides.
 */
export class SlidingWindowLimiter {
  private readonly starts: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Whether a turn starting now would be admitted (records nothing). */
  wouldAdmit(now: number): boolean {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
    return this.starts.length < this.limit;
  }

  /** Records and admits the turn, or refuses it without recording. */
  tryAdmit(now: number): boolean {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
    if (this.starts.length >= this.limit) return false;
    this.starts.push(now);
    return true;
  }
}
