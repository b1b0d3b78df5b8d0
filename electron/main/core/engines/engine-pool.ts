import { Pool, type PoolStats } from '../pool';
import { PercentileWindow } from '../pool/percentile-window';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from './speech-engine';
import { DEFAULT_CALL_TIMEOUT_MS } from './call-timeout';
import { SharedLeases, type Ride } from './shared-leases';
import { SynthesisError, isSynthesisError } from './synthesis-error';

/**
 * An engine's synthesizers in the generic pool, plus the rules for using one: every call has its own
 * hard timeout (the Speech SDK has none), and a synthesizer that failed, timed out or was abandoned
 * mid-call is destroyed, never handed to the next render.
 *
 * Connection-cap learning (docs/design/pool-and-throttling.md section 4.13): when the service refuses a new connection because of
 * a cap (a SynthesisError with `refusedConnection`: Azure's HTTP 429 on the upgrade), the connections
 * open now ARE the cap, so the pool's max drops to the synthesizers alive (min 1) and listeners of
 * `onCapacityChange` (the CourseRun, which lowers the queue's max concurrency) hear about it. The key
 * may be shared with other apps, so the cap is not fixed: after `capProbeIntervalMs` the max is
 * raised by one again (doubling the wait after each renewed refusal, at most 4x), up to the
 * configured maximum.
 *
 * Shared synthesizers: an engine whose synthesizer takes several calls at once (`callsPerSynthesizer`,
 * an eSpeak worker) gets that many calls per synthesizer in use, but only when every synthesizer is
 * busy, no other can be opened and no call waits for one: a waiting call (the studio's audition, a
 * render now) gets the next synthesizer freed, which riders joining all the time would never free.
 */
export interface EnginePoolOptions {
  readonly maxConnections: number;
  readonly minConnections?: number;
  /** Hard limit for one synthesis call, from borrow to audio. */
  readonly callTimeoutMs?: number;
  /** How long a render may wait for a free synthesizer before failing as a timeout. */
  readonly acquireTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxLifetimeMs?: number;
  readonly maxUses?: number;
  /** After learning a connection cap, try one more connection after this long. Default 60 s; 0 = never. */
  readonly capProbeIntervalMs?: number;
}

/** The pool's maximum changed: a learned connection cap, a probe above it, or the user's setting. */
export interface CapacityChange {
  readonly max: number;
  readonly configuredMax: number;
  readonly reason: 'learned-cap' | 'probe' | 'configured';
}

export interface EnginePoolStats extends PoolStats {
  readonly calls: number;
  readonly callTimeouts: number;
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
  /** The maximum the user configured; `max` is lower after a connection cap was learned. */
  readonly configuredMax: number;
  /** Connections the service refused because of a cap (each one lowered `max` or confirmed it). */
  readonly capacityRefusals: number;
}

const LATENCY_WINDOW = 512;
const CREATE_BACKOFF = { baseMs: 100, maxMs: 1_000 };
/** Refusals below the peak must go on this long before they lower a learned cap (see learnCap). */
const CAP_DROP_CONFIRM_MS = 2_000;

export class EnginePool {
  private readonly pool: Pool<Synthesizer>;
  /** Calls one synthesizer takes at once (the engine's `callsPerSynthesizer`, at least 1). */
  readonly callsPerSynthesizer: number;
  private readonly sharedLeases: SharedLeases<Synthesizer>;
  private readonly callTimeoutMs: number;
  private calls = 0;
  private callTimeouts = 0;
  /** Recent call latencies (the pool's one percentile formula: nearest rank over a sliding window). */
  private readonly latencies = new PercentileWindow(LATENCY_WINDOW);
  private configuredMax: number;
  private readonly capProbeIntervalMs: number;
  private capacityRefusals = 0;
  /** The most synthesizers alive at once since the last learned cap: the service allowed that many. */
  private peakAlive = 0;
  /** Refusals in a row below that peak, and when the first of them came (see learnCap). */
  private refusalsBelowPeak = 0;
  private firstRefusalBelowPeakAt = 0;
  /** New synthesizers in a row whose first call was throttled (see onFirstCallThrottled). */
  private firstCallThrottles = 0;
  /** `calls` when a synthesizer past its first call was last throttled (see onFirstCallThrottled). */
  private lastOlderThrottleAtCall = Number.NEGATIVE_INFINITY;
  /** Calls on synthesizers past their first call that succeeded since that streak began. */
  private olderSuccessesInStreak = 0;
  private capProbeTimer: NodeJS.Timeout | undefined;
  private capProbeStep = 0;
  private readonly capacityListeners = new Set<(change: CapacityChange) => void>();

  constructor(
    readonly engine: SpeechEngine,
    options: EnginePoolOptions,
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.callsPerSynthesizer = Math.max(1, Math.floor(engine.callsPerSynthesizer ?? 1));
    this.sharedLeases = new SharedLeases(this.callsPerSynthesizer);
    this.configuredMax = options.maxConnections;
    this.capProbeIntervalMs = options.capProbeIntervalMs ?? 60_000;
    this.pool = new Pool<Synthesizer>({
      // The signal fires on the create timeout and on drain/close: a socket still connecting is
      // destroyed then, not left to its own connect timer after the pool (and the run) has ended.
      create: (signal) => engine.createSynthesizer(signal),
      destroy: (synthesizer) => synthesizer.close(),
      validate: (synthesizer) => synthesizer.isUsable(),
      min: options.minConnections ?? 0,
      max: options.maxConnections,
      // A queued render waits for a slot as long as the run lasts; the queue bounds dispatch.
      acquireTimeoutMs: options.acquireTimeoutMs ?? Infinity,
      createTimeoutMs: Math.max(30_000, this.callTimeoutMs),
      // Failed creates back off, but for a second at most: a refused upgrade is most often a rate
      // window that clears within one (a gateway's HTTP 429), and renders wait in acquire meanwhile
      // (5 s stalled a TPS-limited run for seconds at a time, issue 9). A service that is down is
      // slowed down by the queue's outage holds, which probe with one render at a time.
      createBackoff: CREATE_BACKOFF,
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.maxLifetimeMs !== undefined ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
      ...(options.maxUses !== undefined ? { maxUses: options.maxUses } : {}),
    });
    // A create refused by a connection cap (e.g. the socket opened ahead of use got HTTP 429).
    this.pool.on('createError', (error) => {
      if (isSynthesisError(error) && error.refusedConnection) this.learnCap();
    });
  }

  /** The pool itself, for gauges and events. */
  get resources(): Pool<Synthesizer> {
    return this.pool;
  }

  async prewarm(count?: number): Promise<void> {
    await this.pool.prewarm(count);
  }

  /** The pool's current maximum (the configured one, or a learned connection cap below it). */
  get maxConnections(): number {
    return this.pool.max;
  }

  /** The user changed max connections: forget any learned cap. */
  setMaxConnections(max: number): void {
    this.configuredMax = max;
    this.stopCapProbe();
    this.capProbeStep = 0;
    this.pool.setMax(max);
    this.emitCapacity('configured');
  }

  /** Listens to changes of the pool's maximum; returns the unsubscribe function. */
  onCapacityChange(listener: (change: CapacityChange) => void): () => void {
    this.capacityListeners.add(listener);
    return () => this.capacityListeners.delete(listener);
  }

  async synthesize(request: SynthesisRequest, signal?: AbortSignal, priority: 'high' | 'normal' = 'normal'): Promise<SynthesizedAudio> {
    try {
      return await this.synthesizeOnce(request, signal, priority);
    } catch (error) {
      // A connection refused by a cap has just lowered the pool's max to the synthesizers alive: wait
      // for one of them rather than fail the render (once; with none alive, the error goes to the
      // queue, whose throttling policy requeues the render and backs off).
      if (isSynthesisError(error) && error.refusedConnection && !signal?.aborted && this.pool.stats().size > 0) {
        return this.synthesizeOnce(request, signal, priority);
      }
      throw error;
    }
  }

  /** Calls the pool can have in flight at its current maximum. */
  get maxCallsInFlight(): number {
    return this.pool.max * this.callsPerSynthesizer;
  }

  /**
   * A ride on a synthesizer in use that takes one more call, when sharing is fair now: every
   * synthesizer is busy, no other can be opened, and no call waits in the pool.
   */
  private rideShared(): Ride<Synthesizer> | undefined {
    if (this.callsPerSynthesizer < 2) return undefined;
    const { idle, size, pendingCreates, waiters, max } = this.pool.stats();
    if (waiters > 0 || idle > 0 || size + pendingCreates < max) return undefined;
    return this.sharedLeases.join((synthesizer) => synthesizer.isUsable());
  }

  private async synthesizeOnce(request: SynthesisRequest, signal: AbortSignal | undefined, priority: 'high' | 'normal'): Promise<SynthesizedAudio> {
    if (signal?.aborted) throw new SynthesisError('cancelled', 'Cancelled while waiting for a synthesizer');
    let lease = this.rideShared();
    if (!lease) {
      try {
        lease = this.sharedLeases.start(await this.pool.acquire({ ...(signal ? { signal } : {}), priority }));
      } catch (error) {
        if (signal?.aborted) throw new SynthesisError('cancelled', 'Cancelled while waiting for a synthesizer');
        throw isSynthesisError(error) ? error : new SynthesisError('engine-crash', `No synthesizer available: ${(error as Error).message}`);
      }
    }
    const alive = this.pool.stats().size;
    if (alive > this.peakAlive) this.peakAlive = alive;
    this.refusalsBelowPeak = 0;
    const started = performance.now();
    this.calls++;
    const call = new AbortController();
    const onAbort = (): void => call.abort(new SynthesisError('cancelled', 'Cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      this.callTimeouts++;
      call.abort(new SynthesisError('timeout', `No answer within ${Math.round(this.callTimeoutMs / 1000)} s; the synthesizer was replaced`));
    }, this.callTimeoutMs);
    try {
      const audio = await raceAbort(lease.resource.synthesize(request, call.signal), call.signal);
      if (lease.resource.calls === 1)
        this.firstCallThrottles = 0; // a new socket works: no cap below it
      else if (this.firstCallThrottles > 0) this.olderSuccessesInStreak++;
      this.recordLatency(performance.now() - started);
      lease.end();
      return audio;
    } catch (error) {
      // A failed or timed-out synthesizer may still be mid-call or hold a dead socket: never reuse it.
      // A refused request, or a cancel the synthesizer itself absorbed (it says so through isUsable()),
      // leaves it healthy, and replacing it would cost a worker start or a socket.
      if (isSynthesisError(error) && (error.kind === 'bad-request' || error.kind === 'cancelled') && lease.resource.isUsable()) lease.end();
      else lease.end(isSynthesisError(error) ? error.kind : 'error');
      // A synthesizer whose (re)connect was refused by a connection cap: the others are the cap.
      if (isSynthesisError(error) && error.refusedConnection) this.learnCap();
      else if (isSynthesisError(error) && error.kind === 'throttled') {
        // Only a new socket's first call, while sockets in use for a while are not throttled, points at a cap.
        if (lease.resource.calls === 1) this.onFirstCallThrottled();
        else {
          this.firstCallThrottles = 0;
          this.lastOlderThrottleAtCall = this.calls;
        }
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  stats(): EnginePoolStats {
    return {
      ...this.pool.stats(),
      calls: this.calls,
      callTimeouts: this.callTimeouts,
      latencyP50Ms: Math.round(this.latencies.percentile(50)),
      latencyP95Ms: Math.round(this.latencies.percentile(95)),
      configuredMax: this.configuredMax,
      capacityRefusals: this.capacityRefusals,
    };
  }

  /**
   * Closes every synthesizer and then the engine. Idempotent. In-use synthesizers are closed when
   * returned, or, with a deadline (quit), destroyed when it passes even if their call never ends.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.stopCapProbe();
    await this.pool.close(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {});
    await this.engine.close();
  }

  /**
   * The service refused one more connection: the synthesizers alive, plus creates still in flight
   * (each of those re-runs this if it is refused too), are what it allows.
   */
  private learnCap(): void {
    this.capacityRefusals++;
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
      this.emitCapacity('learned-cap');
    }
    // Refused again (or for the first time): wait longer before the next probe above the cap.
    this.stopCapProbe();
    if (this.capProbeIntervalMs > 0 && this.pool.max < this.configuredMax) {
      const delay = this.capProbeIntervalMs * 2 ** Math.min(this.capProbeStep, 2);
      this.capProbeStep++;
      this.capProbeTimer = setTimeout(() => this.probeAboveCap(delay), delay);
      this.capProbeTimer.unref();
    }
  }

  /**
   * A cap the service signals by accepting the socket and throttling its first turn (close 4429): the
   * upgrade succeeded, so learnCap() never hears of it. New sockets whose first call is throttled, three
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
  private onFirstCallThrottled(): void {
    if (this.calls - this.lastOlderThrottleAtCall <= 2 * this.configuredMax) {
      this.firstCallThrottles = 0;
      return;
    }
    if (++this.firstCallThrottles === 1) this.olderSuccessesInStreak = 0;
    if (this.firstCallThrottles < 3 || this.olderSuccessesInStreak === 0) return;
    this.firstCallThrottles = 0;
    const { size, closed } = this.pool.stats();
    if (closed || size < 1 || size >= this.pool.max) return;
    this.capacityRefusals++;
    this.pool.setMax(size);
    this.peakAlive = size;
    this.emitCapacity('learned-cap');
    this.stopCapProbe();
    if (this.capProbeIntervalMs > 0 && this.pool.max < this.configuredMax) {
      const delay = this.capProbeIntervalMs * 2 ** Math.min(this.capProbeStep, 2);
      this.capProbeStep++;
      this.capProbeTimer = setTimeout(() => this.probeAboveCap(delay), delay);
      this.capProbeTimer.unref();
    }
  }

  /** One more connection than the learned cap; if the service refuses it, learnCap() lowers it again. */
  private probeAboveCap(delay: number): void {
    this.capProbeTimer = undefined;
    if (this.pool.stats().draining || this.pool.max >= this.configuredMax) return;
    this.pool.setMax(this.pool.max + 1);
    this.emitCapacity('probe');
    if (this.pool.max < this.configuredMax) {
      this.capProbeTimer = setTimeout(() => this.probeAboveCap(delay), delay);
      this.capProbeTimer.unref();
    }
  }

  private stopCapProbe(): void {
    clearTimeout(this.capProbeTimer);
    this.capProbeTimer = undefined;
  }

  private emitCapacity(reason: CapacityChange['reason']): void {
    const change: CapacityChange = { max: this.pool.max, configuredMax: this.configuredMax, reason };
    for (const listener of this.capacityListeners) {
      try {
        listener(change);
      } catch {
        // a listener's problem, not the pool's
      }
    }
  }

  private recordLatency(ms: number): void {
    this.latencies.record(ms);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
