/**
 * Shared set-up for the batch engine's integration tests: AzureBatchEngine -> EnginePool -> CourseRun
 * (the product's path) against the local batch synthesis server (tests/support/azure-batch-server).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Course } from '../../../shared/model/course';
import type { RunSummary } from '../../../shared/model/run-summary';
import { AzureBatchEngine, BATCH_POOL_OPTIONS, type AzureBatchEngineOptions } from '../../../electron/main/core/engines/azure-batch';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import { CourseRun } from '../../../electron/main/core/run/course-run';
import { startBatchServer, type BatchServer, type BatchServerOptions } from '../../support/azure-batch-server';
import { TEST_KEY } from '../azure/azure-harness';

export { TEST_KEY };

/** Jobs that take a moment (as the service's do), short enough for a loaded 2-core CI box. */
export function startServer(options: BatchServerOptions = {}): Promise<BatchServer> {
  return startBatchServer({ key: TEST_KEY, seed: 7, queueMs: 100, jobBaseMs: 200, perInputMs: 2, ...options });
}

export interface BatchRunOutcome {
  readonly summary: RunSummary;
  readonly engine: AzureBatchEngine;
  readonly pool: EnginePool;
  readonly run: CourseRun;
  readonly logs: string[];
}

export const makeOutDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'cas-batch-run-'));

/** Builds the engine, pool and run for a course; `run.run()` is the caller's. */
export function batchRun(server: BatchServer, course: Course, outDir: string, engine: Partial<AzureBatchEngineOptions> = {}) {
  const logs: string[] = [];
  const batch = new AzureBatchEngine({ key: TEST_KEY, host: server.url, outDir, gatherMs: 50, pollFirstMs: 100, pollMaxMs: 300, log: (line) => logs.push(line), ...engine });
  const pool = new EnginePool(batch, BATCH_POOL_OPTIONS);
  const run = new CourseRun({ course, outDir, engine: 'azure', format: 'wav', pool, maxConcurrency: BATCH_POOL_OPTIONS.maxConnections });
  return { engine: batch, pool, run, logs };
}

/** Runs a course to its end through the batch engine and closes the pool (which deletes downloaded jobs). */
export async function runBatchCourse(server: BatchServer, course: Course, outDir: string, engine: Partial<AzureBatchEngineOptions> = {}): Promise<BatchRunOutcome> {
  const setup = batchRun(server, course, outDir, engine);
  const summary = await setup.run.run();
  await setup.pool.close();
  return { summary, ...setup };
}

/** The jobs the output folder's state remembers. */
export async function storedJobs(outDir: string): Promise<Array<{ id: string; state: string; attempt: number; inputs: unknown[] }>> {
  const text = await readFile(join(outDir, '.course-audio-studio', 'batch-jobs.json'), 'utf8').catch(() => '{"jobs":[]}');
  return (JSON.parse(text) as { jobs: Array<{ id: string; state: string; attempt: number; inputs: unknown[] }> }).jobs;
}

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });
