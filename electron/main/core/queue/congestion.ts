import { AdaptiveLimit } from './adaptive-limit';
import type { DescribedFailure, ItemFailure } from './failure-description';
import { ThrottleDiagnosis, type ThrottleCause } from './throttle-diagnosis';
import { StartMeter } from './start-meter';
import { ThrottleRate } from './throttle-rate';
import { TokenBucket } from './token-bucket';
import type { QueueSnapshot } from './queue-types';

/**
 * How fast the queue may send: the adaptive concurrency limit, the adaptive request rate, a known
 * tier's rate, and the bookkeeping that decides when either moves (generation-queue.ts only asks).
 *
 * Congestion waves (TCP counts one loss event per round trip): renders dispatched before the last
 * counted throttle, or outage failure, were sent into the same conditions, so their failures are the
 * same event. Counting each as its own would cut the limit to 1 and push the hold to its cap whenever
 * the whole pool is throttled at once (8 renders -> 0.7^8, 2^8 backoff).
 *
 * A render's success is counted when its audio arrives, before its file is written: the service's
 * part is done then, and counting after the commit let the next throttle land first, so a throttle
 * streak never reset (issue 9).
 */
export interface CongestionOptions {
  readonly maxConcurrency: number;
  readonly initialConcurrency?: number;
  /** A known quota, e.g. F0: { count: 20, intervalMs: 60_000 }. */
  readonly rateLimit?: { readonly count: number; readonly intervalMs: number };
  /** Consecutive network failures that mean an outage. */
  readonly outageThreshold: number;
  readonly now: () => number;
}

/** What one throttle did to the limits: its cause, or null when it belonged to a wave already counted. */
export interface ThrottleVerdict {
  readonly newWave: boolean;
  readonly cause: ThrottleCause;
  /**
   * Whether dispatch should also pause. Not for noise (nothing to wait for), nor for a rate quota
   * once a rate is in force: the rate paces the sends, and a pause on top only idled the pipe.
   */
  readonly hold: boolean;
}

/** A rate cut being judged may be cut again after this long (see rateRecut). */
const RECUT_AFTER_MS = 1_000;

export class Congestion {
  readonly limit: AdaptiveLimit;
  readonly rate: ThrottleRate;
  readonly diagnosis = new ThrottleDiagnosis();
  private readonly tierBucket: TokenBucket | undefined;
  private readonly now: () => number;
  private readonly outageThreshold: number;
  private readonly meter = new StartMeter();
  private lastThrottleWaveAt = Number.NEGATIVE_INFINITY;
  private lastRateCutAt = Number.NEGATIVE_INFINITY;
  /** Rate cuts that started a trial (see rateRecut). */
  private rateTrials = 0;
  private lastOutageWaveAt = Number.NEGATIVE_INFINITY;
  private lastNetworkFailureAt = Number.NEGATIVE_INFINITY;
  private throttleStreak = 0;
  private networkStreak = 0;
  private outageWaves = 0;
  private lastCause: ThrottleCause | null = null;
  /** When the service last completed a turn (or the run started). */
  private lastSuccessAt: number;
  private clockStartedAt: number;
  /** Since when no turn has completed, and why, once failures began (cleared by a success). */
  private failingSince: { sinceMs: number; lastError: ItemFailure } | undefined;
  /** Probing with a single render during an outage. */
  probing = false;
  throttleEvents = 0;

  constructor(options: CongestionOptions) {
    this.now = options.now;
    this.outageThreshold = options.outageThreshold;
    this.limit = new AdaptiveLimit({ initial: options.initialConcurrency ?? options.maxConcurrency, max: options.maxConcurrency });
    this.rate = new ThrottleRate({ now: options.now });
    // A known tier allows a burst of a quarter of its count on top of the refill.
    this.tierBucket = options.rateLimit
      ? TokenBucket.perInterval(options.rateLimit.count, options.rateLimit.intervalMs, Math.max(1, Math.floor(options.rateLimit.count / 4)), options.now)
      : undefined;
    this.lastSuccessAt = options.now();
    this.clockStartedAt = this.lastSuccessAt;
  }

  /** The run (re)starts: the give-up clock counts from now. */
  restartClock(): void {
    this.lastSuccessAt = this.now();
    this.clockStartedAt = this.lastSuccessAt;
  }

  /**
   * 0 when a render may start now (and it is counted as started: what the accepted rate is measured
   * from), else the ms until the rate allows one (tier first, then learned).
   */
  waitBeforeStart(): number {
    const now = this.now();
    // The learned rate probes upward with time, but never beyond twice what is really sent (a rate that
    // does not bind must not run away while the concurrency limit does).
    if (this.rate.active) this.rate.grow(2 * this.meter.sentPerSecond(now, this.clockStartedAt));
    const wait = this.tierBucket?.tryTake() || this.rate.tryTake();
    if (wait === 0) this.meter.recordStart(now);
    return wait;
  }

  /** What the queue's snapshot reports of the congestion state (the gauges and the "why it waits" line). */
  readout(max: number): Pick<QueueSnapshot, 'concurrencyLimit' | 'throttleEvents' | 'throttleCause' | 'requestRate' | 'unreachable'> {
    return {
      concurrencyLimit: this.effectiveConcurrency(max),
      throttleEvents: this.throttleEvents,
      throttleCause: this.lastThrottleCause,
      requestRate: this.rate.perSecond,
      unreachable: this.unreachable(),
    };
  }

  effectiveConcurrency(max: number): number {
    return this.probing ? 1 : Math.max(1, Math.min(max, this.limit.limit));
  }

  /** Consecutive throttle waves without a success in between (drives the hold). */
  get consecutiveThrottles(): number {
    return this.throttleStreak;
  }

  /** What the retry policy counts: failures up to the outage threshold, then one per outage wave. */
  get networkFailures(): number {
    return this.networkStreak >= this.outageThreshold ? this.outageThreshold - 1 + this.outageWaves : this.networkStreak;
  }

  /** How long the service has completed no turn. */
  msWithoutSuccess(): number {
    return this.now() - this.lastSuccessAt;
  }

  get lastThrottleCause(): ThrottleCause | null {
    return this.lastCause;
  }

  /** The service completed a turn for a render dispatched at `startedAt` with `inFlightAtStart` in flight. */
  onServiceSuccess(startedAt: number, inFlightAtStart: number, inFlightNow: number): void {
    const now = this.now();
    this.lastSuccessAt = now;
    if (!this.inOutage || startedAt > this.lastNetworkFailureAt) this.failingSince = undefined;
    this.diagnosis.recordSuccess(inFlightAtStart, startedAt);
    // Only a render dispatched after the last failure says anything about the service NOW.
    if (startedAt > this.lastThrottleWaveAt) this.throttleStreak = 0;
    if (startedAt > this.lastNetworkFailureAt) {
      this.networkStreak = 0;
      this.outageWaves = 0;
      this.probing = false;
    }
    this.limit.onSuccess(inFlightNow + 1);
  }

  /**
   * Any failed attempt: throttles and network failures move the limits; every failure but a cancel
   * is remembered for "cannot reach … since". `throttleHoldAllowed`: false for random throttles, for
   * a rate quota being paced and for a wave already counted, which requeue without pausing anyone.
   */
  onAttemptFailure(failure: DescribedFailure, startedAt: number, inFlightAtStart: number): { readonly throttleHoldAllowed: boolean } {
    let throttleHoldAllowed = true;
    if (failure.kind === 'throttled' || failure.kind === 'network') this.meter.recordRefused(startedAt);
    if (failure.kind === 'throttled') {
      const verdict = this.onThrottle(startedAt, inFlightAtStart, failure.refusedConnection === true);
      throttleHoldAllowed = verdict.newWave && verdict.hold;
    } else if (failure.kind === 'network') this.onNetworkFailure(startedAt);
    if (failure.kind !== 'cancelled') {
      const lastError: ItemFailure = { kind: failure.kind, message: failure.message, ...(failure.detail ? { detail: failure.detail } : {}) };
      this.failingSince = { sinceMs: this.failingSince?.sinceMs ?? this.now(), lastError };
    }
    return { throttleHoldAllowed };
  }

  /** The last error since the service last completed a turn, or null. */
  get lastError(): ItemFailure | null {
    return this.failingSince?.lastError ?? null;
  }

  /** In an outage: since when the service has failed, and the last error in words; else null. */
  unreachable(): { readonly sinceMs: number; readonly lastError: string } | null {
    if (!this.inOutage || !this.failingSince) return null;
    const { sinceMs, lastError } = this.failingSince;
    return { sinceMs, lastError: lastError.detail ? `${lastError.message} (${lastError.detail})` : lastError.message };
  }

  /** A throttle of a render dispatched at `startedAt`; `refusedConnection`: a new socket was refused. */
  onThrottle(startedAt: number, inFlightAtStart: number, refusedConnection: boolean): ThrottleVerdict {
    this.throttleEvents++;
    this.diagnosis.recordThrottle(inFlightAtStart, startedAt);
    if (startedAt <= this.lastThrottleWaveAt) return { newWave: false, cause: this.lastCause ?? 'noise', hold: false };
    const recut = this.rateRecut(startedAt);
    const cause = recut ?? this.diagnosis.diagnose(refusedConnection);
    this.lastCause = cause;
    this.lastThrottleWaveAt = this.now();
    // Random throttles are no congestion: no cut, no streak, no hold.
    if (cause === 'noise') return { newWave: true, cause, hold: false };
    this.throttleStreak++;
    if (cause === 'concurrency') {
      const before = this.limit.limit;
      this.limit.cutTo(this.diagnosis.successfulConcurrency());
      this.diagnosis.startTrial(this.now(), 'concurrency', () => this.limit.restore(before));
    } else if (cause === 'rate') {
      // Before any render has succeeded there is no rate to go by (and a concurrency limit looks
      // like a rate there): fewer at once is the only safe step.
      const accepted = this.diagnosis.hasSuccesses ? this.meter.acceptedPerSecond(startedAt, this.clockStartedAt) : 0;
      if (!accepted) {
        const before = this.limit.limit;
        this.limit.onThrottle();
        this.diagnosis.startTrial(this.now(), 'concurrency', () => this.limit.restore(before), false);
        return { newWave: true, cause, hold: true };
      }
      // Pace at what the service accepted over the last seconds, and keep every connection: the
      // concurrency limit is not what binds (cutting it too left sockets idle under a TPS quota).
      this.rate.onThrottleWave(accepted);
      this.lastRateCutAt = this.now();
      // A cut that did not help (random throttles): no rate cap at all. A recut is part of the trial
      // under way, which goes on counting (restarting it would never let random throttles end it).
      if (!recut) {
        this.rateTrials++;
        this.diagnosis.startTrial(this.now(), 'rate', () => this.rate.restore(null));
      }
      return { newWave: true, cause, hold: false };
    }
    // connection-cap: the engine pool learns the cap and the queue follows its capacity events. Once
    // a rate is in force, a refused socket is rather that quota's gateway (HTTP 429 while its window
    // is full): the rate paces, and a hold would idle the pipe and read as a lower accepted rate.
    return { newWave: true, cause, hold: !this.rate.active };
  }

  /**
   * While a rate cut is judged, the diagnosis calls further throttles noise (a cut is judged on what
   * follows it). But a first estimate can be too high (a sliding window's burst reads as rate), and
   * then the run sent over the quota for the whole trial: one throttle in six at 25/s (issue 9). So a
   * throttle at least RECUT_AFTER_MS after the last rate cut, when the service accepted clearly less
   * than the rate in force, cuts again (the trial goes on, keeping its undo). Only in the run's
   * first rate trial, where that first estimate is made: under random throttles the accepted rate is
   * always a fifth under what is sent, so recuts spiral down for as long as a trial lasts; once, the
   * trial undoes the series and learns the noise; at every later trial it cost seconds each time.
   */
  private rateRecut(startedAt: number): ThrottleCause | undefined {
    const inForce = this.rate.perSecond;
    if (inForce === null || this.rateTrials !== 1 || !this.diagnosis.judging || this.now() - this.lastRateCutAt < RECUT_AFTER_MS) return undefined;
    // Only when the run really sent at the rate: starts that waited for a socket (a gateway refusing
    // upgrades) are our shortfall, not the service's, and cutting for them spiralled down.
    const sent = this.meter.sentPerSecond(startedAt, this.clockStartedAt);
    return sent >= inForce * 0.9 && this.meter.acceptedPerSecond(startedAt, this.clockStartedAt) < inForce * 0.9 ? 'rate' : undefined;
  }

  /** A network failure (connect refused or timed out, socket lost): counts towards an outage. */
  onNetworkFailure(startedAt: number): void {
    this.networkStreak++;
    this.lastNetworkFailureAt = this.now();
    if (this.networkStreak >= this.outageThreshold && startedAt > this.lastOutageWaveAt) {
      this.outageWaves++;
      this.lastOutageWaveAt = this.now();
    }
  }

  /** Whether failures in a row say the service cannot be reached. */
  get inOutage(): boolean {
    return this.networkStreak >= this.outageThreshold;
  }
}
