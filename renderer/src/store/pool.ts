import { create } from 'zustand';
import type { PoolGauges, RunView } from '../../../shared/ipc/contract';
import { hiddenRunFor } from '../lib/throughputSeries';
import { onRunStarted } from './run';

interface PoolState {
  pool: PoolGauges;
  /** The run (its number, `pool.runsStarted`) the charts do not draw: it belongs to another course or engine, or a newer run started. */
  hiddenRun: number | null;
  setPool(pool: PoolGauges): void;
  /** A run starts, or another course or engine is picked: the charts start empty (until the next run's samples). */
  restartSeries(): void;
  /** A snapshot (page load, reconnect): the series is the latest run's own samples, unless the studio is idle. */
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
  runSamplesFrom: 0,
  runsStarted: 0,
  openFailures: 0,
  lastEvent: null,
};

export const usePool = create<PoolState>()((set, get) => ({
  pool: EMPTY_POOL,
  hiddenRun: null,
  setPool(pool) {
    set({ pool });
  },
  restartSeries() {
    set({ hiddenRun: get().pool.runsStarted ?? null });
  },
  adoptSeries(pool, run) {
    set({ pool, hiddenRun: hiddenRunFor(pool, run) });
  },
}));

// A new run draws a new chart.
onRunStarted(() => usePool.getState().restartSeries());
