/** Public entry point of the local batch synthesis server (see README.md). */
export { startBatchServer } from './server';
export type { BatchServer, BatchServerCounters, BatchServerOptions } from './types';
export { renderInput } from './render-input';
