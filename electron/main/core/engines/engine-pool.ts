import { Pool, type PoolStats } from '../pool';
import { PercentileWindow } from '../pool/percentile-window';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from './speech-engine';
import { DEFAULT_CALL_TIMEOUT_MS } from './call-timeout';
import { ConnectionCap, type CapacityChange } from './connection-cap';
import { SharedLeases, type Ride } from './shared-leases';
import { SynthesisError, isSynthesisError } from './synthesis-error';

/**
 * An engine's synthesizers in the generic pool, plus the rules for using one: every call has its own
 * hard timeout (the Speech SDK has none), and a synthesizer that failed, timed out or was abandoned
 * mid-call is destroyed, never handed to the next render.
 *
 * Connection-cap learning (connection-cap.ts): the pool's max drops to what a service that refuses
 * connections allows, and probes above it later; listeners of `onCapacityChange` hear about it.
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

export class EnginePool {
  private readonly pool: Pool<Synthesizer>;
  /** Calls one synthesizer takes at once (the engine's `callsPerSynthesizer`, at least 1). */
  readonly callsPerSynthesizer: number;
  private readonly sharedLeases: SharedLeases<Synthesizer>;
  /** Calls of this pool inside `pool.acquire` now. */
  private acquiring = 0;
  /** Calls waiting for one inside `pool.acquire` to get its synthesizer, to share it (shareSoon). */
  private joiners: Array<() => void> = [];
  private readonly callTimeoutMs: number;
  private calls = 0;
  private callTimeouts = 0;
  /** Recent call latencies (the pool's one percentile formula: nearest rank over a sliding window). */
  private readonly latencies = new PercentileWindow(LATENCY_WINDOW);
  /** Connection-cap learning: the pool's max follows what the service allows (connection-cap.ts). */
  private readonly cap: ConnectionCap;

  constructor(
    readonly engine: SpeechEngine,
    options: EnginePoolOptions,
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.callsPerSynthesizer = Math.max(1, Math.floor(engine.callsPerSynthesizer ?? 1));
    this.sharedLeases = new SharedLeases(this.callsPerSynthesizer);
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
    this.cap = new ConnectionCap(this.pool, options.maxConnections, options.capProbeIntervalMs ?? 60_000);
    // A create refused by a connection cap (e.g. the socket opened ahead of use got HTTP 429).
    this.pool.on('createError', (error) => {
      if (isSynthesisError(error) && error.refusedConnection) this.cap.refused();
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
    this.cap.configure(max);
  }

  /** Listens to changes of the pool's maximum; returns the unsubscribe function. */
  onCapacityChange(listener: (change: CapacityChange) => void): () => void {
    return this.cap.onChange(listener);
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

  /**
   * Whether the synthesizer to share is the one a call of this pool is getting right now: a run's
   * first renders are dispatched together, the first takes the idle (or new) synthesizer, and the
   * second would otherwise queue behind it until it finished. Synchronous, so the first call is
   * inside `pool.acquire` before the second looks.
   */
  private mayShareSoon(): boolean {
    if (this.callsPerSynthesizer < 2 || this.acquiring === 0) return false;
    const { idle, size, pendingCreates, max } = this.pool.stats();
    return idle === 0 && size + pendingCreates >= max; // no other synthesizer is free, or may be opened
  }

  /** Waits until the call inside `pool.acquire` has its synthesizer (or failed), then rides it if that is fair. */
  private async shareSoon(signal: AbortSignal | undefined): Promise<Ride<Synthesizer> | undefined> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.joiners.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
    if (signal?.aborted) throw cancelledWaiting();
    return this.rideShared();
  }

  private async synthesizeOnce(request: SynthesisRequest, signal: AbortSignal | undefined, priority: 'high' | 'normal'): Promise<SynthesizedAudio> {
    if (signal?.aborted) throw cancelledWaiting();
    let lease = this.rideShared() ?? (this.mayShareSoon() ? await this.shareSoon(signal) : undefined);
    if (!lease) {
      this.acquiring++;
      try {
        lease = this.sharedLeases.start(await this.pool.acquire({ ...(signal ? { signal } : {}), priority }));
      } catch (error) {
        if (signal?.aborted) throw cancelledWaiting();
        throw isSynthesisError(error) ? error : new SynthesisError('engine-crash', `No synthesizer available: ${(error as Error).message}`);
      } finally {
        this.acquiring--;
        // Its synthesizer (or its failure) is there: the calls waiting to share it look again.
        for (const wake of this.joiners.splice(0)) wake();
      }
    }
    this.cap.acquired();
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
      this.cap.succeeded(lease.resource.calls === 1);
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
      if (isSynthesisError(error) && error.refusedConnection) this.cap.refused();
      else if (isSynthesisError(error) && error.kind === 'throttled') this.cap.throttled(lease.resource.calls === 1, this.calls);
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
      configuredMax: this.cap.configuredMax,
      capacityRefusals: this.cap.refusals,
    };
  }

  /**
   * Closes every synthesizer and then the engine. Idempotent. In-use synthesizers are closed when
   * returned, or, with a deadline (quit), destroyed when it passes even if their call never ends.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    this.cap.stop();
    await this.pool.close(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {});
    await this.engine.close();
  }

  private recordLatency(ms: number): void {
    this.latencies.record(ms);
  }
}

/** A call cancelled before it had a synthesizer (waiting in the pool, or to share one). */
const cancelledWaiting = (): SynthesisError => new SynthesisError('cancelled', 'Cancelled while waiting for a synthesizer');

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
