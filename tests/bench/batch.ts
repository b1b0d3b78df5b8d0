/**
 * Batch benchmark (`npm run bench -- batch`): a 10,000-phrase course (Spanish for English speakers, 3
 * variants: 30,000 renders, WAV) through the batch path and through the interactive pool, side by side
 * in one run, each on its local server with the same per-request cost model (first byte + per character
 * / rate, `COST_MODEL`):
 *   interactive  the product's Azure path: real Speech SDK -> EnginePool(8) -> CourseRun, against the
 *                local WebSocket server (every turn costs its modelled time on one of our 8 sockets)
 *   batch        AzureBatchEngine -> EnginePool -> CourseRun against the local batch server (every
 *                input costs the same modelled time, on the service's fleet of `FLEET` synthesizers)
 * Columns: wall time, HTTP/WebSocket requests the client made, client sockets opened and held at once,
 * jobs, and the client's peak RSS on the batch path (the batch server runs in a process of its own, so
 * its results zips are not counted; RSS sampled every 50 ms during the run).
 * BENCH_BATCH_PHRASES=N runs a smaller course (the 30,000 interactive turns take minutes of CPU);
 * BENCH_BATCH_PATHS=batch runs the batch path only; BENCH_BATCH_JOB_INPUTS=N sets the job size.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Course } from '../../shared/model/course';
import { AzureBatchEngine, BATCH_POOL_OPTIONS } from '../../electron/main/core/engines/azure-batch';
import { azureRunDefaults } from '../../electron/main/core/engines/azure/run-defaults';
import { createEngine } from '../../electron/main/core/engines/create-engine';
import { EnginePool } from '../../electron/main/core/engines/engine-pool';
import { CourseRun } from '../../electron/main/core/run/course-run';
import { startAzureServer, type LatencyModel } from '../support/azure-server';
import type { BatchServerCounters, BatchServerOptions } from '../support/azure-batch-server';
import { DEFAULT_LIMITS } from '../../electron/main/core/engines/azure-batch';
import { spanishForEnglishFrame } from '../support/course-fixtures';

export const COST_MODEL: Readonly<LatencyModel> = Object.freeze({ connectMs: 30, firstByteMs: 40, perCharMs: 1, jitter: 0 });
export const POOL_SIZE = 8;
/** Synthesizers the batch service runs one job's inputs on (its fleet: the point of the batch API). */
export const FLEET = 64;
const KEY = 'bench-batch-key-2f9c';

export interface BatchBenchRow {
  path: 'interactive' | 'batch';
  renders: number;
  wallMs: number;
  requests: number;
  socketsOpened: number;
  peakSockets: number;
  jobs: number;
  failed: number;
  /** The client process's peak RSS during the run (batch path; the interactive server runs in-process). */
  clientPeakRssMiB: number | string;
}

const WORDS = ['hola', 'casa', 'perro', 'gato', 'libro', 'mesa', 'agua', 'tarde', 'noche', 'ciudad', 'camino', 'verde', 'rojo', 'azul', 'pronto', 'siempre'];

export function benchCourse(phrases: number): Course {
  return {
    ...spanishForEnglishFrame(),
    id: `bench-batch-${phrases}`,
    title: `Batch bench (${phrases} phrases)`,
    phrases: Array.from({ length: phrases }, (_, i) => ({
      id: `p${String(i + 1).padStart(5, '0')}`,
      known: `Phrase number ${i + 1}`,
      target: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${WORDS[(i * 5 + 1) % WORDS.length]} ${i + 1}.`,
    })),
  };
}

export async function runBatchBench(phrases = Number(process.env.BENCH_BATCH_PHRASES ?? 10_000)): Promise<{ rows: BatchBenchRow[]; notes: string[] }> {
  const course = benchCourse(phrases);
  const jobInputs = Number(process.env.BENCH_BATCH_JOB_INPUTS ?? DEFAULT_LIMITS.maxInputs);
  const batchOnly = process.env.BENCH_BATCH_PATHS === 'batch';
  const batch = await runBatch(course, jobInputs);
  const interactive = batchOnly ? undefined : await runInteractive(course);
  const costNote = `Cost model per render: first byte ${COST_MODEL.firstByteMs} ms + ${COST_MODEL.perCharMs} ms per character / rate, on both servers; interactive: ${POOL_SIZE} sockets; batch: the service's fleet of ${FLEET}, jobs of ${jobInputs.toLocaleString('en-US')} inputs, polled from 1 s backing off to 15 s.`;
  return {
    rows: interactive ? [interactive, batch] : [batch],
    notes: interactive
      ? [
          costNote,
          `Batch vs interactive: ${(interactive.wallMs / batch.wallMs).toFixed(2)}x the speed, ${interactive.requests} -> ${batch.requests} requests, peak client sockets ${interactive.peakSockets} -> ${batch.peakSockets}.`,
        ]
      : [costNote],
  };
}

async function runInteractive(course: Course): Promise<BatchBenchRow> {
  const server = await startAzureServer({ key: KEY, seed: 7, latency: COST_MODEL });
  const outDir = await mkdtemp(join(tmpdir(), 'bench-batch-interactive-'));
  const defaults = azureRunDefaults({ maxConnections: POOL_SIZE, env: {} });
  const engine = await createEngine({
    engine: 'azure',
    azure: { key: KEY, host: server.url },
    azureTuning: { callTimeoutMs: defaults.callTimeoutMs, connectTimeoutMs: defaults.connectTimeoutMs, format: 'wav' },
  });
  const pool = new EnginePool(engine, defaults.pool);
  try {
    const run = new CourseRun({ course, outDir, engine: 'azure', format: 'wav', pool, maxConcurrency: POOL_SIZE, initialConcurrency: defaults.initialConcurrency });
    const started = performance.now();
    const summary = await run.run();
    const wallMs = Math.round(performance.now() - started);
    const counters = server.counters();
    return {
      path: 'interactive',
      renders: summary.rendered,
      wallMs,
      requests: counters.turns,
      socketsOpened: counters.upgrades,
      peakSockets: counters.peakOpenSockets,
      jobs: 0,
      failed: summary.failed,
      clientPeakRssMiB: 'n/a (server in process)',
    };
  } finally {
    await pool.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

async function runBatch(course: Course, jobInputs: number): Promise<BatchBenchRow> {
  const server = await startServerProcess({ key: KEY, seed: 7, queueMs: 1_000, jobBaseMs: 2_000, latency: COST_MODEL, fleet: FLEET });
  const outDir = await mkdtemp(join(tmpdir(), 'bench-batch-batch-'));
  const engine = new AzureBatchEngine({ key: KEY, host: server.url, outDir, limits: { ...DEFAULT_LIMITS, maxInputs: jobInputs } });
  const pool = new EnginePool(engine, BATCH_POOL_OPTIONS);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  try {
    const run = new CourseRun({ course, outDir, engine: 'azure', format: 'wav', pool, maxConcurrency: BATCH_POOL_OPTIONS.maxConnections });
    const started = performance.now();
    const summary = await run.run();
    await pool.close(); // deletes the downloaded jobs: part of the path's cost
    const wallMs = Math.round(performance.now() - started);
    clearInterval(sampler);
    const counters = await server.stop();
    return {
      path: 'batch',
      renders: summary.rendered,
      wallMs,
      requests: counters.requests,
      socketsOpened: counters.socketsTotal,
      peakSockets: counters.socketsPeak,
      jobs: counters.creates,
      failed: summary.failed,
      clientPeakRssMiB: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await pool.close();
    await server.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The batch server in a child process (batch-server-process.ts): its memory is not the client's. */
async function startServerProcess(options: BatchServerOptions): Promise<{ url: string; stop(): Promise<BatchServerCounters> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'batch-server-process.ts'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!/AZURE_BATCH_URL=(\S+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The batch server process did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const url = /AZURE_BATCH_URL=(\S+)/.exec(output)![1]!;
  let stopped: Promise<BatchServerCounters> | undefined;
  return {
    url,
    stop: () =>
      (stopped ??= (async () => {
        child.kill('SIGTERM');
        await once(child, 'exit');
        return JSON.parse(/COUNTERS=(.+)/.exec(output)?.[1] ?? '{}') as BatchServerCounters;
      })()),
  };
}
