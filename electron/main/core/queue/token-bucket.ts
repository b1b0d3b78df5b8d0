/**
 * Client-side rate limit for a known quota (Azure F0: 20 requests per 60 s), and the bucket under the
 * learned request rate (throttle-rate.ts). Waiting here is cheap; being throttled costs a socket, a
 * requeue and a backoff, so when the tier is known we never exceed it instead of learning it from 429s.
 *
 * A caller told to come back in `wait` ms comes back late: a timer fires a millisecond or more after
 * its time, more on a loaded event loop, and the queue hops through its scheduler before it asks
 * again. With a bucket of one token (the learned rate allows no burst) every late millisecond was
 * lost, since a full bucket earns nothing: a bare loop paced at 24 per second through real timers
 * got 22.4 on a loaded machine (and a traced benchmark run sent 22.3 while paced at 23.5). So the
 * time a caller comes back after the moment it was given is credited, up to half a token beyond the
 * capacity: the rate is kept, and a bucket left alone still holds no more than its capacity (no
 * extra burst after idling). Only for a bucket without burst room: one that has room is not full
 * while its caller is paced, so it loses nothing, and a known tier's bucket (F0: 16 + a burst of 4
 * per 60 s) must never allow more than the quota's window holds.
 */
const MAX_LATE_CREDIT = 0.5;

export class TokenBucket {
  private tokens: number;
  private lastRefill: number;
  /** When the last caller that had to wait was told to come back (its lateness is credited). */
  private dueAt: number | undefined;

  constructor(
    private readonly capacity: number,
    private refillPerMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.lastRefill = now();
  }

  /** `count` requests per `intervalMs`, with a burst of at most `burst` (default: the whole count). */
  static perInterval(count: number, intervalMs: number, burst = count, now?: () => number): TokenBucket {
    return new TokenBucket(burst, count / intervalMs, now);
  }

  /** Changes the refill rate from now on (tokens already earned are kept). */
  setRefillPerMs(perMs: number): void {
    this.refill();
    this.refillPerMs = perMs;
  }

  /** Takes a token and returns 0, or returns how many ms until one is available (taking nothing). */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.dueAt = undefined;
      return 0;
    }
    const wait = Math.ceil((1 - this.tokens) / this.refillPerMs);
    this.dueAt = this.lastRefill + wait;
    return wait;
  }

  private refill(): void {
    const now = this.now();
    const late = this.capacity <= 1 && this.dueAt !== undefined && now > this.dueAt ? Math.min(MAX_LATE_CREDIT, (now - this.dueAt) * this.refillPerMs) : 0;
    this.tokens = Math.min(this.capacity + late, this.tokens + (now - this.lastRefill) * this.refillPerMs);
    this.lastRefill = now;
  }
}
