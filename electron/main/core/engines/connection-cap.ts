import type { Pool } from '../pool';

/**
 * Connection-cap learning for an engine's pool (docs/design/pool-and-throttling.md section 4.13):
 * when the service refuses a new connection because of a cap (a SynthesisError with
 * `refusedConnection`: Azure's HTTP 429 on the upgrade), the connections open now ARE the cap, so
 * the pool's max drops to the synthesizers alive (min 1) and listeners of `onChange` (the CourseRun,
 * which lowers the queue's max concurrency) hear about it. The key may be shared with other apps, so
 * the cap is not fixed: after `probeIntervalMs` the max is raised by one again (doubling the wait
 * after each renewed refusal, at most 4x), up to the configured maximum.
 *
 * engine-pool.ts tells it what happens to its calls: a synthesizer acquired, a call that worked, a
 * refused connection, a throttled call.
 */

/** The pool's maximum changed: a learned connection cap, a probe above it, or the user's setting. */
export interface CapacityChange {
  readonly max: number;
  readonly configuredMax: number;
  readonly reason: 'learned-cap' | 'probe' | 'configured';
}

/** Refusals below the peak must go on this long before they lower a learned cap (see refused). */
const CAP_DROP_CONFIRM_MS = 2_000;

export class ConnectionCap {
  /** Connections the service refused because of a cap (each one lowered the max or confirmed it). */
  refusals = 0;
  /** The most synthesizers alive at once since the last learned cap: the service allowed that many. */
  private peakAlive = 0;
  /** Refusals in a row below that peak, and when the first of them came (see refused). */
  private refusalsBelowPeak = 0;
  private firstRefusalBelowPeakAt = 0;
  /** New synthesizers in a row whose first call was throttled (see throttled). */
  private firstCallThrottles = 0;
  /** The pool's call count when a synthesizer past its first call was last throttled (see throttled). */
  private lastOlderThrottleAtCall = Number.NEGATIVE_INFINITY;
  /** Calls on synthesizers past their first call that succeeded since that streak began. */
  private olderSuccessesInStreak = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeStep = 0;
  private readonly listeners = new Set<(change: CapacityChange) => void>();

  constructor(
    private readonly pool: Pool<unknown>,
    /** The maximum the user configured; the pool's max is lower after a cap was learned. */
    public configuredMax: number,
    private readonly probeIntervalMs: number,
  ) {}

  /** The user changed max connections: forget any learned cap. */
  configure(max: number): void {
    this.configuredMax = max;
    this.stop();
    this.probeStep = 0;
    this.pool.setMax(max);
    this.emit('configured');
  }

  /** Listens to changes of the pool's maximum; returns the unsubscribe function. */
  onChange(listener: (change: CapacityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A call got a synthesizer: the service allows at least the synthesizers alive now. */
  acquired(): void {
    const alive = this.pool.stats().size;
    if (alive > this.peakAlive) this.peakAlive = alive;
    this.refusalsBelowPeak = 0;
  }

  /** A call worked; `firstCall`: the synthesizer's first. */
  succeeded(firstCall: boolean): void {
    if (firstCall)
      this.firstCallThrottles = 0; // a new socket works: no cap below it
    else if (this.firstCallThrottles > 0) this.olderSuccessesInStreak++;
  }

  /**
   * The service refused one more connection: the synthesizers alive, plus creates still in flight
   * (each of those re-runs this if it is refused too), are what it allows.
   */
  refused(): void {
    this.refusals++;
    const { size, pendingCreates, closed } = this.pool.stats();
    if (closed) return;
    const cap = Math.max(1, size + pendingCreates);
    // Refused with fewer sockets than the service accepted before: not a connection cap but a request
    // quota at its gateway (HTTP 429 while a rate window is full). The queue's rate finds that; only a
    // refusal that repeats below the peak, for longer than a quota's window (a second) and then some,
    // means the cap itself dropped (another app shares the key). Three refusals within a storm of the
    // gateway's 429s pinned a TPS-limited run at 2 sockets for the rest of the run (issue 9).
    if (size < this.peakAlive) {
      const now = performance.now();
      if (this.refusalsBelowPeak++ === 0) this.firstRefusalBelowPeakAt = now;
      if (this.refusalsBelowPeak < 3 || now - this.firstRefusalBelowPeakAt < CAP_DROP_CONFIRM_MS) return;
    }
    this.peakAlive = size;
    this.refusalsBelowPeak = 0;
    if (cap < this.pool.max) {
      this.pool.setMax(cap);
      this.emit('learned-cap');
    }
    // Refused again (or for the first time): wait longer before the next probe above the cap.
    this.scheduleProbe();
  }

  /**
   * A call was throttled, on a synthesizer's first call or a later one; `calls`: the pool's calls so far.
   *
   * A cap the service signals by accepting the socket and throttling its first turn (close 4429): the
   * upgrade succeeded, so refused() never hears of it. New sockets whose first call is throttled, three
   * in a row, with no new socket working and no older socket throttled in between, mean the sockets
   * alive are what the service allows (a rate quota throttles old and new sockets alike).
   *
   * A rate quota throttles whole bursts: when the window is full, the older sockets are throttled and
   * replaced, and their replacements' first calls land in the same full window. So a first-call
   * throttle counts only when no older socket was throttled within the last calls that could still
   * share that window (twice the configured maximum), and only while older sockets go on working (a
   * long throttle storm replaces every socket, so all that is left are first calls); learning a
   * "cap" there pinned a TPS-limited run at 2 connections (29 % of T*, issue 9).
   */
  throttled(firstCall: boolean, calls: number): void {
    if (!firstCall) {
      this.firstCallThrottles = 0;
      this.lastOlderThrottleAtCall = calls;
      return;
    }
    if (calls - this.lastOlderThrottleAtCall <= 2 * this.configuredMax) {
      this.firstCallThrottles = 0;
      return;
    }
    if (++this.firstCallThrottles === 1) this.olderSuccessesInStreak = 0;
    if (this.firstCallThrottles < 3 || this.olderSuccessesInStreak === 0) return;
    this.firstCallThrottles = 0;
    const { size, closed } = this.pool.stats();
    if (closed || size < 1 || size >= this.pool.max) return;
    this.refusals++;
    this.pool.setMax(size);
    this.peakAlive = size;
    this.emit('learned-cap');
    this.scheduleProbe();
  }

  /** Stops probing above a learned cap (the pool is closing). */
  stop(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** The next probe above the cap, each renewed refusal doubling the wait (at most 4x). */
  private scheduleProbe(): void {
    this.stop();
    if (this.probeIntervalMs > 0 && this.pool.max < this.configuredMax) {
      const delay = this.probeIntervalMs * 2 ** Math.min(this.probeStep, 2);
      this.probeStep++;
      this.probeTimer = setTimeout(() => this.probeAboveCap(delay), delay);
      this.probeTimer.unref();
    }
  }

  /** One more connection than the learned cap; if the service refuses it, refused() lowers it again. */
  private probeAboveCap(delay: number): void {
    this.probeTimer = undefined;
    if (this.pool.stats().draining || this.pool.max >= this.configuredMax) return;
    this.pool.setMax(this.pool.max + 1);
    this.emit('probe');
    if (this.pool.max < this.configuredMax) {
      this.probeTimer = setTimeout(() => this.probeAboveCap(delay), delay);
      this.probeTimer.unref();
    }
  }

  private emit(reason: CapacityChange['reason']): void {
    const change: CapacityChange = { max: this.pool.max, configuredMax: this.configuredMax, reason };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // a listener's problem, not the pool's
      }
    }
  }
}
