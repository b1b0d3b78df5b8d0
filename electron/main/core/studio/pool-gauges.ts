import type { PoolGauges } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { EnginePool } from '../engines/engine-pool';
import type { QueueSnapshot } from '../queue/generation-queue';

/** Samples kept for the throughput sparkline: one per second, two minutes. */
export const THROUGHPUT_SAMPLES = 120;
const MINUTE_MS = 60_000;

/**
 * Turns the pool's and the queue's counters into the Pool tab's gauges. Rates are computed here,
 * not in the renderer: one throughput sample per second (renders finished in that second) and
 * throttle events over the last minute, so every window shows the same numbers.
 */
export class PoolGaugeTracker {
  private pool: EnginePool | undefined;
  private engine: EngineName | null = null;
  private queue: (() => QueueSnapshot | undefined) | undefined;
  private readonly throughput: number[] = [];
  private rendered = 0;
  private samplesTaken = 0;
  /** `samplesTaken` when the latest run started: that run's samples are the ones taken since. */
  private runSamplesFrom = 0;
  private runsStarted = 0;
  private renderedAtLastSample = 0;
  private lastSampleAt: number;
  private throttles: number[] = [];
  private lastEvent: PoolGauges['lastEvent'] = null;

  constructor(
    private readonly fallbackMax: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSampleAt = now();
  }

  /** Shows this pool (the run's, or the audition pool when no run is on). */
  attach(pool: EnginePool, engine: EngineName, queue?: () => QueueSnapshot | undefined): void {
    this.pool = pool;
    this.engine = engine;
    this.queue = queue;
  }

  get attached(): EnginePool | undefined {
    return this.pool;
  }

  /** One render finished (batch or interactive). */
  countRender(): void {
    this.rendered++;
  }

  recordThrottle(message: string): void {
    const at = this.now();
    this.throttles.push(at);
    this.lastEvent = { atMs: at, kind: 'throttled', message };
  }

  recordError(kind: string, message: string): void {
    this.lastEvent = { atMs: this.now(), kind, message };
  }

  /**
   * Adds one throughput sample (called once a second while a run is on). `minimumMs` is the shortest
   * window the rate is taken over: a run's last sample closes a partial window, and one render in the
   * 6 ms after the previous sample is not a rate of 170/s. The chart spaces samples evenly, so a short
   * window counts as a whole period.
   */
  sample(minimumMs = 1): void {
    const at = this.now();
    const seconds = Math.max(minimumMs, at - this.lastSampleAt) / 1000;
    const rate = (this.rendered - this.renderedAtLastSample) / seconds;
    this.throughput.push(Math.round(rate * 100) / 100);
    if (this.throughput.length > THROUGHPUT_SAMPLES) this.throughput.shift();
    this.samplesTaken++;
    this.renderedAtLastSample = this.rendered;
    this.lastSampleAt = at;
  }

  /** Forgets the sparkline: a run of another engine or course must not be drawn on the last one's scale. */
  clearThroughput(): void {
    this.throughput.length = 0;
  }

  /** A run starts: a fresh rate window, and its samples counted from here, without forgetting the sparkline. */
  startRun(): void {
    this.runsStarted++;
    this.runSamplesFrom = this.samplesTaken;
    this.renderedAtLastSample = this.rendered;
    this.lastSampleAt = this.now();
  }

  gauges(): PoolGauges {
    const at = this.now();
    this.throttles = this.throttles.filter((time) => at - time < MINUTE_MS);
    const stats = this.pool?.stats();
    const queue = this.queue?.();
    const max = stats?.max ?? this.fallbackMax();
    return {
      engine: this.pool ? this.engine : null,
      inUse: stats?.inUse ?? 0,
      idle: stats?.idle ?? 0,
      max,
      limit: queue?.concurrencyLimit ?? max,
      waiters: stats?.waiters ?? 0,
      opened: stats?.created ?? 0,
      closed: stats?.destroyed ?? 0,
      throttleEvents: queue?.throttleEvents ?? 0,
      throttlePerMinute: this.throttles.length,
      latencyP50Ms: Math.round(stats?.latencyP50Ms ?? 0),
      latencyP95Ms: Math.round(stats?.latencyP95Ms ?? 0),
      throughput: [...this.throughput],
      samplesTaken: this.samplesTaken,
      runSamplesFrom: this.runSamplesFrom,
      runsStarted: this.runsStarted,
      openFailures: stats?.createFailures ?? 0,
      refusedConnections: stats?.capacityRefusals ?? 0,
      configuredMax: stats?.configuredMax ?? max,
      lastEvent: this.lastEvent,
    };
  }
}
