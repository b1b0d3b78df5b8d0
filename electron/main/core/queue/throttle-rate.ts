import { TokenBucket } from './token-bucket';

/**
 * A request rate that throttling switches on (after the AWS SDK's adaptive retry mode, see
 * docs/design/pool-and-throttling.md §4.10). Until the service first throttles, it allows everything: the
 * connection count is the limit. On a throttle wave it caps the start rate just under the rate the
 * service was actually accepting, and raises the cap a little with every success, so the client
 * settles just below a TPS quota instead of bouncing off it (every throttled turn also costs a socket).
 */
export interface ThrottleRateOptions {
  /** Share of the measured rate to fall back to on a throttle wave (the AWS SDK's beta is 0.7; 0.9
   * measured best against a sliding-window quota: 86 % of the limit with 6 % of turns throttled). */
  readonly backoff?: number;
  /** Growth of the allowed rate per success, as a fraction of itself. */
  readonly growthPerSuccess?: number;
  /** Never allow less than this many starts per second. */
  readonly minPerSecond?: number;
  readonly now?: () => number;
}

export class ThrottleRate {
  private bucket: TokenBucket | undefined;
  private perMs = 0;
  private readonly backoff: number;
  private readonly growth: number;
  private readonly minPerMs: number;
  private readonly now: () => number;

  constructor(options: ThrottleRateOptions = {}) {
    this.backoff = options.backoff ?? 0.9;
    this.growth = options.growthPerSuccess ?? 0.02;
    this.minPerMs = (options.minPerSecond ?? 0.2) / 1000;
    this.now = options.now ?? Date.now;
  }

  /** Whether a rate cap is in force (the service has throttled this run). */
  get active(): boolean {
    return this.bucket !== undefined;
  }

  /** Starts per second currently allowed, or null while no cap is in force. */
  get perSecond(): number | null {
    return this.bucket ? this.perMs * 1000 : null;
  }

  /** The service throttled: cap at a share of the rate it accepted recently (starts per second). */
  onThrottleWave(acceptedPerSecond: number): void {
    // The latest measurement is the best estimate, even above the current cap: an early wave measures
    // the run's slow first second, and keeping the lower of the two left the cap there for seconds.
    this.perMs = Math.max(this.minPerMs, (acceptedPerSecond / 1000) * this.backoff);
    this.bucket = new TokenBucket(1, this.perMs, this.now);
  }

  onSuccess(): void {
    if (!this.bucket) return;
    this.perMs *= 1 + this.growth;
    this.bucket.setRefillPerMs(this.perMs);
  }

  /** 0 when a render may start now, else the ms until it may. */
  tryTake(): number {
    return this.bucket?.tryTake() ?? 0;
  }
}
