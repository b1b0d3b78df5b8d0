/**
 * Shared set-up for the Azure engine's integration tests: the real Speech SDK, through our engine,
 * pool, queue and CourseRun, against the local Azure TTS server (tests/support/azure-server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Course } from '../../../shared/model/course';
import type { RunSummary } from '../../../shared/model/run-summary';
import { AzureEngine, type AzureEngineOptions } from '../../../electron/main/core/engines/azure';
import { EnginePool, type EnginePoolOptions } from '../../../electron/main/core/engines/engine-pool';
import { CourseRun } from '../../../electron/main/core/run/course-run';
import { startAzureServer, type AzureServer, type AzureServerOptions, type LatencyModel } from '../../support/azure-server';

export const TEST_KEY = 'cas-test-key-7f3a9c1e5b2d';

/** Fast enough for a 2-core CI box, slow enough that turns overlap: S 20 ms, L = 10 ms + 0.3 ms per char / rate. */
export const FAST_LATENCY: LatencyModel = { connectMs: 20, firstByteMs: 10, perCharMs: 0.3 };

export function startServer(options: AzureServerOptions = {}): Promise<AzureServer> {
  return startAzureServer({ key: TEST_KEY, seed: 7, latency: FAST_LATENCY, ...options });
}

const WORDS = ['hola', 'casa', 'perro', 'gato', 'libro', 'mesa', 'agua', 'tarde', 'noche', 'ciudad', 'camino', 'verde', 'rojo', 'azul', 'pronto', 'siempre'];

/** A course of `phrases` phrases x 2 variants (target 1.0, target-slow 0.7): unique texts, deterministic. */
export function makeCourse(phrases: number, options: { id?: string; voice?: string; texts?: (i: number) => string } = {}): Course {
  return {
    schema: 'course/1',
    id: options.id ?? `azure-test-${phrases}`,
    title: `Azure test course (${phrases} phrases)`,
    languages: { target: 'es-ES', known: 'en-US' },
    voices: { target: options.voice ?? 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
    variants: [
      { id: 'target', text: 'target', voice: 'target', rate: 1 },
      { id: 'target-slow', text: 'target', voice: 'target', rate: 0.7 },
    ],
    phrases: Array.from({ length: phrases }, (_, i) => ({
      id: `p${String(i + 1).padStart(3, '0')}`,
      known: `Phrase ${i + 1}`,
      target: options.texts?.(i) ?? `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} número ${i + 1}.`,
    })),
  };
}

export interface RunSetup {
  readonly server: AzureServer;
  readonly course: Course;
  readonly maxConnections: number;
  readonly callTimeoutMs?: number;
  readonly initialConcurrency?: number;
  readonly rateLimit?: { count: number; intervalMs: number };
  readonly engine?: Partial<AzureEngineOptions>;
  readonly pool?: Partial<EnginePoolOptions>;
  readonly key?: string;
  readonly format?: 'wav' | 'mp3';
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly wallMs: number;
  readonly outDir: string;
  readonly pool: EnginePool;
  readonly engine: AzureEngine;
  readonly run: CourseRun;
  /** The highest request rate (starts/s) the queue set during the run, sampled every 50 ms; null if it never set one. */
  readonly peakRequestRate: number | null;
}

/** Runs a whole course through CourseRun; the caller closes `pool` (to test close) and removes `outDir`. */
export async function runCourse(setup: RunSetup): Promise<RunOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'cas-azure-run-'));
  const callTimeoutMs = setup.callTimeoutMs ?? 10_000;
  const format = setup.format ?? 'wav';
  const engine = new AzureEngine({ key: setup.key ?? TEST_KEY, host: setup.server.url, callTimeoutMs, connectTimeoutMs: Math.min(5_000, callTimeoutMs), format, ...setup.engine });
  const pool = new EnginePool(engine, { maxConnections: setup.maxConnections, callTimeoutMs, maxUses: 2_000, maxLifetimeMs: 600_000, ...setup.pool });
  const run = new CourseRun({
    course: setup.course,
    outDir,
    engine: 'azure',
    format,
    pool,
    maxConcurrency: setup.maxConnections,
    ...(setup.initialConcurrency !== undefined ? { initialConcurrency: setup.initialConcurrency } : {}),
    ...(setup.rateLimit ? { rateLimit: setup.rateLimit } : {}),
  });
  const started = performance.now();
  // The rate the queue sets may be released again before the end (a trial judged it not binding): sample it.
  let peakRequestRate: number | null = null;
  const sampler = setInterval(() => {
    const rate = run.snapshot()?.requestRate ?? null;
    if (rate !== null && (peakRequestRate === null || rate > peakRequestRate)) peakRequestRate = rate;
  }, 50);
  const summary = await run.run().finally(() => clearInterval(sampler));
  return { summary, wallMs: performance.now() - started, outDir, pool, engine, run, peakRequestRate };
}

export async function cleanup(outcome: RunOutcome | undefined): Promise<void> {
  if (!outcome) return;
  await outcome.pool.close();
  await rm(outcome.outDir, { recursive: true, force: true });
}
