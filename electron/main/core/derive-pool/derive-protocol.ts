import type { DeliverResult, DeriveTask, TrackResult } from './derive-tasks';

/** Messages between derive-pool.ts (main thread) and derive-worker.ts. */
export interface ToDeriveWorker {
  readonly id: number;
  readonly task: DeriveTask;
}

export type FromDeriveWorker = { readonly ready: true } | { readonly id: number; readonly result: DeliverResult | TrackResult } | { readonly id: number; readonly error: string };
