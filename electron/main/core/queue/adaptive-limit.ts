/**
 * AIMD concurrency limit (after Netflix concurrency-limits' AIMDLimit and TCP congestion control):
 * on throttling the limit is cut multiplicatively, and it grows by one only after a full window of
 * successes while the limit was actually used, so an idle run never "earns" a high limit.
 */
export interface AdaptiveLimitOptions {
  readonly initial: number;
  readonly min?: number;
  readonly max: number;
  /** Multiplier applied on throttling, in [0.5, 1). */
  readonly backoffRatio?: number;
}

export class AdaptiveLimit {
  private current: number;
  private successesSinceChange = 0;
  private readonly min: number;
  private readonly backoffRatio: number;
  private ceiling: number;

  constructor(options: AdaptiveLimitOptions) {
    this.min = options.min ?? 1;
    this.ceiling = options.max;
    this.backoffRatio = options.backoffRatio ?? 0.7;
    this.current = clamp(options.initial, this.min, this.ceiling);
  }

  get limit(): number {
    return Math.floor(this.current);
  }

  get max(): number {
    return this.ceiling;
  }

  /** The pool's maximum moved (user setting, learned connection cap). */
  setMax(max: number): void {
    this.ceiling = Math.max(this.min, max);
    this.current = Math.min(this.current, this.ceiling);
  }

  /** A render succeeded while `inFlight` renders were running. */
  onSuccess(inFlight: number): void {
    if (inFlight * 2 < this.limit) return; // not using the limit: no evidence it could be higher
    this.successesSinceChange++;
    if (this.successesSinceChange >= this.limit) {
      this.current = Math.min(this.ceiling, this.current + 1);
      this.successesSinceChange = 0;
    }
  }

  /** Puts the limit back where it was before a cut that did not help (never above the max). */
  restore(limit: number): void {
    this.current = Math.max(this.current, Math.min(this.ceiling, limit));
    this.successesSinceChange = 0;
  }

  /** Cuts to the concurrency at which renders still succeed (by one at least, by half at most). */
  cutTo(limit: number): void {
    this.current = clamp(Math.min(Math.floor(this.current) - 1, Math.max(limit, Math.floor(this.current / 2))), this.min, this.ceiling);
    this.successesSinceChange = 0;
  }

  /** The service throttled us. */
  onThrottle(): void {
    this.current = Math.max(this.min, Math.floor(this.current * this.backoffRatio));
    this.successesSinceChange = 0;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
