import { create } from 'zustand';
import type { PoolGauges, RunView } from '../../../shared/ipc/contract';
import { seriesStartFor } from '../lib/throughputSeries';
import { onRunStarted } from './run';

interface PoolState {
  pool: PoolGauges;
  /** `pool.samplesTaken` when the charts' series began: older samples belong to earlier runs, courses or engines. */
  seriesStart: number;
  setPool(pool: PoolGauges): void;
  /** A run starts, or another course or engine is picked: the charts start empty. */
  restartSeries(): void;
  /** A snapshot (page load, reconnect): the series is the run's own samples, from its elapsed time. */
  adoptSeries(pool: PoolGauges, run: RunView): void;
}

export const EMPTY_POOL: PoolGauges = {
  engine: null,
  inUse: 0,
  idle: 0,
  max: 0,
  limit: 0,
  waiters: 0,
  opened: 0,
  closed: 0,
  throttleEvents: 0,
  throttlePerMinute: 0,
  latencyP50Ms: 0,
  latencyP95Ms: 0,
  throughput: [],
  samplesTaken: 0,
  openFailures: 0,
  lastEvent: null,
};

export const usePool = create<PoolState>()((set, get) => ({
  pool: EMPTY_POOL,
  seriesStart: 0,
  setPool(pool) {
    set({ pool });
  },
  restartSeries() {
    set({ seriesStart: get().pool.samplesTaken ?? 0 });
  },
  adoptSeries(pool, run) {
    set({ pool, seriesStart: seriesStartFor(pool, run) });
  },
}));

// A new run draws a new chart.
onRunStarted(() => usePool.getState().restartSeries());
