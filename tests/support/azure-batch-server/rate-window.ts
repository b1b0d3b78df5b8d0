/** A sliding-window request quota (the batch API's "100 requests per 10 s"), with the wait until a slot frees. */
export class RateWindow {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits a request now, or returns the whole seconds to wait (for Retry-After). */
  admit(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    while (this.stamps.length && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length < this.limit) {
      this.stamps.push(now);
      return { ok: true };
    }
    const waitMs = this.stamps[0]! + this.windowMs - now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
