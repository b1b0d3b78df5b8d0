/**
 * Client-side rate limit for a known quota (Azure F0: 20 requests per 60 s). Waiting here is cheap;
 * being throttled costs a socket, a requeue and a backoff, so when the tier is known we never
 * exceed it instead of learning it from 429s.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

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
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.refillPerMs);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.lastRefill) * this.refillPerMs);
    this.lastRefill = now;
  }
}
