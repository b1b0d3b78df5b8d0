import type { PoolGauges } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { EnginePool } from '../engines/engine-pool';
import { PoolGaugeTracker } from './pool-gauges';
import type { StudioEvents } from './studio-events';

/**
 * The Pool tab's live readout: which pool it shows (the run's, else the audition pool), its gauges,
 * and the once-a-second throughput sample while a run is on. The pool's own 'stats-changed' event
 * drives pool:changed; nothing here polls the pool.
 */
export class PoolReadout {
  private readonly tracker: PoolGaugeTracker;
  private sampleTimer: NodeJS.Timeout | undefined;
  private readonly onPoolStats = (): void => this.events.poolChanged();

  constructor(
    private readonly events: StudioEvents,
    fallbackMax: () => number,
    private readonly sampleMs = 1_000,
  ) {
    this.tracker = new PoolGaugeTracker(fallbackMax);
  }

  gauges(): PoolGauges {
    return this.tracker.gauges();
  }

  /** Shows this pool from now on. */
  attach(pool: EnginePool, engine: EngineName, queue?: Parameters<PoolGaugeTracker['attach']>[2]): void {
    this.tracker.attached?.resources.off('stats-changed', this.onPoolStats);
    this.tracker.attach(pool, engine, queue);
    pool.resources.on('stats-changed', this.onPoolStats);
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

  /** A run started: a fresh rate window, and one sample a second (ETA and elapsed move even when no render finished). */
  startSampling(): void {
    this.tracker.resetWindow();
    clearInterval(this.sampleTimer);
    this.sampleTimer = setInterval(() => {
      this.tracker.sample();
      this.events.poolChanged();
      this.events.runChanged();
    }, this.sampleMs);
    this.sampleTimer.unref();
  }

  /** A run ended: one last sample, then the timer stops. */
  stopSampling(): void {
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
    this.tracker.sample();
    this.events.poolChanged();
  }
}
