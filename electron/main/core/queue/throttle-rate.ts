import { TokenBucket } from './token-bucket';

/**
 * A request rate that throttling switches on (after the AWS SDK's adaptive retry mode, see
 * docs/design/pool-and-throttling.md section 4.10). Until the service first throttles, it allows
 * everything: the connection count is the limit. On a throttle wave it paces starts a little under
 * the rate the service was accepting (start-meter.ts: over the last seconds, not the last one), and
 * from there it grows on a time basis along TCP CUBIC's curve (RFC 9438): back to the accepted rate,
 * flat around it (where the quota most likely is: whatever was sent, the service accepted that
 * much), then faster and faster the longer no throttle comes (the quota rose, or the throttle was
 * not the rate's). The anchor is the accepted rate, not the rate sent: after a burst at twice the
 * quota, a curve back to the burst's rate overshot within a second.
 *
 * Why not per success (the old rule, +0.5 % to +4 % per success): at 25 requests/s that regrew the rate by
 * 12-100 % a second, so it overshot a TPS quota within a second of every cut and one render in eight
 * was throttled; a slow first estimate, on the other hand, took seconds to grow out of (issue 9,
 * tests/unit/queue/throttle-simulation.test.ts).
 */
export interface ThrottleRateOptions {
  /** Share of the accepted rate to pace at after a throttle wave: a little under it, so the arrival
   * jitter of evenly spaced sends does not overfill a sliding window that is exactly full. */
  readonly backoff?: number;
  /** CUBIC's C, as a share of the accepted rate per second cubed: rate(t) = accepted (1 + C (t - K)^3). */
  readonly cubic?: number;
  /** Never allow less than this many starts per second. */
  readonly minPerSecond?: number;
  readonly now?: () => number;
}

/** How far above the accepted rate the curve may flatten (see onThrottleWave). */
const PLATEAU_ABOVE_ACCEPTED = 1.03;

export class ThrottleRate {
  private bucket: TokenBucket | undefined;
  /** Starts per ms allowed now. */
  private perMs = 0;
  /** The rate the last cut paced at, the accepted rate it was cut from, and when (the curve's origin). */
  private basePerMs = 0;
  private maxPerMs = 0;
  /** Seconds after the cut at which the curve is back at the throttled rate (CUBIC's K). */
  private plateauAfterS = 0;
  private cutAt = 0;
  private readonly backoff: number;
  private readonly cubic: number;
  private readonly minPerMs: number;
  private readonly now: () => number;

  constructor(options: ThrottleRateOptions = {}) {
    this.backoff = options.backoff ?? 0.97;
    // After a 3 % cut: back at the accepted rate after 1.1 s, +2 % one second later, +16 % after two,
    // +54 % after three (a steady quota is hit again about every 2 s: a throttle in 50 renders at
    // 25/s). 0.01 was slower to grow out of a low first estimate: 89-90 % of T* in the simulation.
    this.cubic = options.cubic ?? 0.02;
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

  /**
   * The service throttled: pace a little under the rate it accepted (starts per second). The latest
   * measurement is the best estimate, even above the current cap: it also undoes an early estimate
   * that was too low.
   *
   * The curve flattens (CUBIC's W_max) between what was accepted and the rate in force when the
   * throttle came: the accepted rate is measured over seconds spent under the quota (pacing after
   * the last cut), so it lies a little under it, and the rate that overfilled the window lies a
   * little over it. At most PLATEAU_ABOVE_ACCEPTED over the accepted rate: a rate far above it (a
   * first burst, random throttles) says nothing of the quota. Flattening at the accepted rate
   * paced a steady quota at about 94 % between throttles (issue 9's simulation: 89.8 % of T* over
   * twenty schedules of the gateway form, 91.0 % with this).
   */
  onThrottleWave(acceptedPerSecond: number): void {
    const acceptedPerMs = Math.max(this.minPerMs, acceptedPerSecond / 1000);
    const inForcePerMs = this.bucket ? this.perMs : 0;
    const plateauPerMs = Math.max(acceptedPerMs, Math.min(inForcePerMs, acceptedPerMs * PLATEAU_ABOVE_ACCEPTED));
    this.setBase(Math.max(this.minPerMs, acceptedPerMs * this.backoff), plateauPerMs);
  }

  /**
   * Time has passed without a throttle: follow the curve. `ceilingPerSecond`: no more than this (twice
   * the rate actually sent, as the AWS SDK bounds it), so a rate that does not bind cannot run away.
   */
  grow(ceilingPerSecond?: number): void {
    if (!this.bucket) return;
    const fromPlateau = Math.max(0, this.now() - this.cutAt) / 1000 - this.plateauAfterS;
    let perMs = Math.max(this.basePerMs, this.maxPerMs * (1 + this.cubic * fromPlateau ** 3));
    if (ceilingPerSecond !== undefined) perMs = Math.min(perMs, Math.max(this.basePerMs, ceilingPerSecond / 1000));
    if (perMs === this.perMs) return;
    this.perMs = perMs;
    this.bucket.setRefillPerMs(perMs);
  }

  /** What `restore()` needs to undo a cut that did not help (see throttle-diagnosis.ts). */
  save(): number | null {
    return this.bucket ? this.perMs : null;
  }

  restore(perMs: number | null): void {
    if (perMs === null) {
      this.bucket = undefined;
      this.perMs = 0;
      this.basePerMs = 0;
      return;
    }
    if (!this.bucket || perMs > this.perMs) this.setBase(perMs, perMs);
  }

  /** 0 when a render may start now, else the ms until it may. */
  tryTake(): number {
    return this.bucket?.tryTake() ?? 0;
  }

  private setBase(perMs: number, acceptedPerMs: number): void {
    this.perMs = perMs;
    this.basePerMs = perMs;
    this.maxPerMs = Math.max(perMs, acceptedPerMs);
    this.plateauAfterS = Math.cbrt((1 - perMs / this.maxPerMs) / this.cubic);
    this.cutAt = this.now();
    if (this.bucket) this.bucket.setRefillPerMs(perMs);
    else this.bucket = new TokenBucket(1, perMs, this.now);
  }
}
