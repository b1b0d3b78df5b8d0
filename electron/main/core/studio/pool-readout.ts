import type { PoolGauges } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { EnginePool } from '../engines/engine-pool';
import { PoolGaugeTracker } from './pool-gauges';
import type { StudioEvents } from './studio-events';

/** Why a synthesizer may end without anything having gone wrong. */
const ORDERLY_ENDS = new Set(['closed', 'retired', 'max-uses', 'lifetime', 'idle', 'resize', 'close-deadline', 'cancelled']);

/**
 * The Pool tab's live readout: which pool it shows (the run's, else the audition pool), its gauges,
 * and the once-a-second throughput sample while a run is on. The pool's own 'stats-changed' event
 * drives pool:changed; nothing here polls the pool.
 */
export class PoolReadout {
  private readonly tracker: PoolGaugeTracker;
  private sampleTimer: NodeJS.Timeout | undefined;
  private readonly onPoolStats = (): void => this.events.poolChanged();
  private pool: EnginePool | undefined;
  /** Engine and course of the runs the sparkline shows. */
  private series: string | undefined;
  private cap: PoolGauges['cap'] = null;
  private dropped = 0;
  private readonly onDestroy = (_resource: unknown, reason: string): void => {
    if (!ORDERLY_ENDS.has(reason)) this.dropped++;
  };
  private stopCapListening: () => void = () => undefined;

  constructor(
    private readonly events: StudioEvents,
    fallbackMax: () => number,
    private readonly sampleMs = 1_000,
  ) {
    this.tracker = new PoolGaugeTracker(fallbackMax);
  }

  gauges(): PoolGauges {
    const stats = this.pool?.stats();
    return {
      ...this.tracker.gauges(),
      ...(stats ? { configuredMax: stats.configuredMax, refusedConnections: stats.capacityRefusals } : {}),
      cap: stats && this.cap && stats.max < stats.configuredMax ? this.cap : null,
      droppedConnections: this.dropped,
    };
  }

  /** Shows this pool from now on. */
  attach(pool: EnginePool, engine: EngineName, queue?: Parameters<PoolGaugeTracker['attach']>[2]): void {
    this.tracker.attached?.resources.off('stats-changed', this.onPoolStats);
    this.tracker.attached?.resources.off('destroy', this.onDestroy);
    this.stopCapListening();
    this.tracker.attach(pool, engine, queue);
    this.pool = pool;
    this.cap = null;
    this.dropped = 0;
    pool.resources.on('stats-changed', this.onPoolStats);
    pool.resources.on('destroy', this.onDestroy);
    this.stopCapListening = pool.onCapacityChange((change) => {
      if (change.reason !== 'configured') this.cap = { reason: change.reason, atMs: Date.now(), max: change.max };
      this.events.poolChanged();
    });
    this.events.poolChanged();
  }

  countRender(): void {
    this.tracker.countRender();
  }

  recordThrottle(message: string): void {
    this.tracker.recordThrottle(message);
  }

  recordError(kind: string, message: string): void {
    this.tracker.recordError(kind, message);
  }

  /**
   * A run started: a fresh rate window, and one sample a second (ETA and elapsed move even when no
   * render finished). The sparkline goes on across runs of one engine and course, and starts over for
   * another (an offline run's 149/s must not flatten an Azure run's 5/s).
   */
  startSampling(series?: string): void {
    if (series !== this.series) this.tracker.clearThroughput();
    this.series = series;
    this.tracker.startRun();
    clearInterval(this.sampleTimer);
    this.sampleTimer = setInterval(() => {
      this.tracker.sample();
      this.events.poolChanged();
      this.events.runChanged();
    }, this.sampleMs);
    this.sampleTimer.unref();
  }

  /** A run ended: one last sample (over at least one period), then the timer stops. */
  stopSampling(): void {
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
    this.tracker.sample(this.sampleMs);
    this.events.poolChanged();
  }
}
