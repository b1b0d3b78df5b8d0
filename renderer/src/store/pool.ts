import { create } from 'zustand';
import type { PoolGauges } from '../../../shared/ipc/contract';

interface PoolState {
  pool: PoolGauges;
  setPool(pool: PoolGauges): void;
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
  lastEvent: null,
};

export const usePool = create<PoolState>()((set) => ({
  pool: EMPTY_POOL,
  setPool(pool) {
    set({ pool });
  },
}));
