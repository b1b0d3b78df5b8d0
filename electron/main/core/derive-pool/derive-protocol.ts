import type { DeliverResult, DeriveTask, TrackResult } from './derive-tasks';

/** Messages between derive-pool.ts (main thread) and derive-worker.ts. */
export interface ToDeriveWorker {
  readonly id: number;
  readonly task: DeriveTask;
}

export type FromDeriveWorker = { readonly ready: true } | { readonly id: number; readonly result: DeliverResult | TrackResult } | { readonly id: number; readonly error: string };

/** What a derive worker starts with. */
export interface DeriveWorkerData {
  /** From source: the worker module the bootstrap imports after registering tsx. */
  readonly entry?: string;
  /** Load the MP3 encoder at start (an MP3 run), rather than on the first MP3. */
  readonly preloadMp3: boolean;
}
