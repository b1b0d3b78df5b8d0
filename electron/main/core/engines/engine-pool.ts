import { Pool, type PoolStats } from '../pool';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from './speech-engine';
import { SynthesisError, isSynthesisError } from './synthesis-error';

/**
 * An engine's synthesizers in the generic pool, plus the rules for using one: every call has its own
 * hard timeout (the Speech SDK has none), and a synthesizer that failed, timed out or was abandoned
 * mid-call is destroyed, never handed to the next render.
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
}

export interface EnginePoolStats extends PoolStats {
  readonly calls: number;
  readonly callTimeouts: number;
  readonly latencyP50Ms: number;
  readonly latencyP95Ms: number;
}

const LATENCY_WINDOW = 512;

export class EnginePool {
  private readonly pool: Pool<Synthesizer>;
  private readonly callTimeoutMs: number;
  private calls = 0;
  private callTimeouts = 0;
  private readonly latencies: number[] = [];

  constructor(
    readonly engine: SpeechEngine,
    options: EnginePoolOptions,
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.pool = new Pool<Synthesizer>({
      create: () => engine.createSynthesizer(),
      destroy: (synthesizer) => synthesizer.close(),
      validate: (synthesizer) => synthesizer.isUsable(),
      min: options.minConnections ?? 0,
      max: options.maxConnections,
      // A queued render waits for a slot as long as the run lasts; the queue bounds dispatch.
      acquireTimeoutMs: options.acquireTimeoutMs ?? Infinity,
      createTimeoutMs: Math.max(30_000, this.callTimeoutMs),
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.maxLifetimeMs !== undefined ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
      ...(options.maxUses !== undefined ? { maxUses: options.maxUses } : {}),
    });
  }

  /** The pool itself, for gauges and events. */
  get resources(): Pool<Synthesizer> {
    return this.pool;
  }

  async prewarm(count?: number): Promise<void> {
    await this.pool.prewarm(count);
  }

  setMaxConnections(max: number): void {
    this.pool.setMax(max);
  }

  async synthesize(request: SynthesisRequest, signal?: AbortSignal, priority: 'high' | 'normal' = 'normal'): Promise<SynthesizedAudio> {
    let lease;
    try {
      lease = await this.pool.acquire({ ...(signal ? { signal } : {}), priority });
    } catch (error) {
      if (signal?.aborted) throw new SynthesisError('cancelled', 'Cancelled while waiting for a synthesizer');
      throw isSynthesisError(error) ? error : new SynthesisError('engine-crash', `No synthesizer available: ${(error as Error).message}`);
    }
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
      this.recordLatency(performance.now() - started);
      lease.release();
      return audio;
    } catch (error) {
      // A failed or timed-out synthesizer may still be mid-call or hold a dead socket: never reuse it.
      // A refused request, or a cancel the synthesizer itself absorbed (it says so through isUsable()),
      // leaves it healthy, and replacing it would cost a worker start or a socket.
      if (isSynthesisError(error) && (error.kind === 'bad-request' || error.kind === 'cancelled') && lease.resource.isUsable()) lease.release();
      else lease.destroy(isSynthesisError(error) ? error.kind : 'error');
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  stats(): EnginePoolStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      ...this.pool.stats(),
      calls: this.calls,
      callTimeouts: this.callTimeouts,
      latencyP50Ms: percentile(sorted, 0.5),
      latencyP95Ms: percentile(sorted, 0.95),
    };
  }

  /**
   * Closes every synthesizer and then the engine. Idempotent. In-use synthesizers are closed when
   * returned, or, with a deadline (quit), destroyed when it passes even if their call never ends.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    await this.pool.close(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {});
    await this.engine.close();
  }

  private recordLatency(ms: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
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

function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
}
