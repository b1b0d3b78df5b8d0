import { TokenBucket } from './token-bucket';

/**
 * A request rate that throttling switches on (after the AWS SDK's adaptive retry mode, see
 * docs/design/pool-and-throttling.md section 4.10). Until the service first throttles, it allows everything: the
 * connection count is the limit. On a throttle wave it caps the start rate just under the rate the
 * service was actually accepting, and raises the cap a little with every success, so the client
 * settles just below a TPS quota instead of bouncing off it (every throttled turn also costs a socket).
 */
export interface ThrottleRateOptions {
  /** Share of the throttled rate to fall back to on a throttle wave (the AWS SDK's beta is 0.7; 0.95
   * with 0.5 % regrowth keeps a sliding-window quota at about 90 % with a few % of turns throttled). */
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
    this.backoff = options.backoff ?? 0.95;
    // 0.5 % per success: back at the quota about 10 successes after a 5 % cut, so about one throttled
    // turn in 15 renders under a steady quota (2 % per success throttled one turn in 6).
    this.growth = options.growthPerSuccess ?? 0.005;
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

  /** A render succeeded: allow a little more (`growth`: this time's share, default the configured one). */
  onSuccess(growth = this.growth): void {
    if (!this.bucket) return;
    this.perMs *= 1 + growth;
    this.bucket.setRefillPerMs(this.perMs);
  }

  /** What `restore()` needs to undo a cut that did not help (see throttle-diagnosis.ts). */
  save(): number | null {
    return this.bucket ? this.perMs : null;
  }

  restore(perMs: number | null): void {
    if (perMs === null) {
      this.bucket = undefined;
      this.perMs = 0;
      return;
    }
    if (this.bucket) {
      this.perMs = Math.max(this.perMs, perMs);
      this.bucket.setRefillPerMs(this.perMs);
    } else {
      this.perMs = perMs;
      this.bucket = new TokenBucket(1, perMs, this.now);
    }
  }

  /** 0 when a render may start now, else the ms until it may. */
  tryTake(): number {
    return this.bucket?.tryTake() ?? 0;
  }
}
