// Starts derive-worker.ts from source (tsx, vitest): a worker thread does not inherit the parent's
// TypeScript loader (the pool starts it without loader options, see derive-pool.ts), so tsx's loader
// is registered in this thread first. A bundled build starts its compiled derive-worker.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
