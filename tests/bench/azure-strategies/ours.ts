/**
 * Strategy (c), ours: the product's own path, end to end, configured as the generate CLI configures
 * an Azure run (azureRunDefaults). createEngine('azure') -> EnginePool (the generic Pool of
 * SpeechSynthesizers, hard call timeout, broken ones destroyed, connection-cap learning) -> CourseRun
 * (the generation queue: AIMD concurrency, requeue on throttling, retries with backoff, the journal),
 * every file written atomically into a temporary output folder.
 *
 * CourseRun plans whole phrases (3 variants each) and the benchmark's course is the first 428
 * renders, which ends in the middle of a phrase. The renders of that last phrase beyond the 428 are
 * entered in the output folder's journal before the run, so the run finds them done (cached) and
 * renders exactly the 428: lost = total - rendered - cached.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { azureRunDefaults } from '../../../electron/main/core/engines/azure/run-defaults';
import { createEngine } from '../../../electron/main/core/engines/create-engine';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import { CourseRun } from '../../../electron/main/core/run/course-run';
import { RunJournal } from '../../../electron/main/core/run/journal';
import { stampOf } from '../../../electron/main/core/run/file-check';
import type { RenderJob } from '../../../shared/model/render';
import type { StrategyInput, StrategyResult } from './common';

export interface OursOptions {
  /** Synthesizers (sockets) at most: the pool's max and the queue's max concurrency. */
  readonly maxConnections: number;
  /** The pool's hard limit per call; the SDK has none. */
  readonly callTimeoutMs: number;
  /** A quota the producer knows and configures (e.g. the F0 tier); absent = learn it by AIMD. */
  readonly rateLimit?: { readonly count: number; readonly intervalMs: number };
}

export function oursSetup(options: OursOptions): string {
  const { initialConcurrency } = azureRunDefaults({ maxConnections: options.maxConnections, env: {} });
  return (
    `the generate CLI's Azure setup (azureRunDefaults): createEngine('azure') -> EnginePool(max ${options.maxConnections}, call timeout ${options.callTimeoutMs} ms) -> ` +
    `CourseRun(concurrency ${initialConcurrency} rising to ${options.maxConnections} by AIMD, ` +
    `${options.rateLimit ? `rate limit ${options.rateLimit.count} per ${options.rateLimit.intervalMs} ms` : 'no rate limit given: AIMD finds the quota'}), WAV files written to a temp folder`
  );
}

export interface OursResult extends StrategyResult {
  readonly created: number;
  readonly destroyed: number;
  readonly callTimeouts: number;
  readonly queueThrottleEvents: number;
  readonly failures: ReadonlyArray<{ readonly phrase: string; readonly variant: string; readonly kind: string; readonly reason: string }>;
}

export async function runOurs(input: StrategyInput, options: OursOptions): Promise<OursResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-azure-ours-'));
  let pool: EnginePool | undefined;
  try {
    // Set up exactly as the generate CLI sets up an Azure run, with the call timeout through its documented knob.
    const defaults = azureRunDefaults({ maxConnections: options.maxConnections, env: { CAS_AZURE_CALL_TIMEOUT_MS: String(options.callTimeoutMs) } });
    const engine = await createEngine({
      engine: 'azure',
      azure: { key: input.key, host: input.url },
      azureTuning: { callTimeoutMs: defaults.callTimeoutMs, connectTimeoutMs: defaults.connectTimeoutMs, format: 'wav' },
    });
    pool = new EnginePool(engine, defaults.pool);
    const plan = planRenders(input.course, { engine: 'azure', format: 'wav' });
    await seedAsDone(outDir, plan.slice(input.jobs.length));
    const run = new CourseRun({
      course: input.course,
      outDir,
      engine: 'azure',
      format: 'wav',
      pool,
      maxConcurrency: options.maxConnections,
      initialConcurrency: defaults.initialConcurrency,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    const started = performance.now();
    const summary = await run.run();
    const wallMs = performance.now() - started;
    const stats = pool.stats();
    const lost = summary.total - summary.rendered - summary.cached;
    return {
      wallMs,
      rendered: summary.rendered,
      lost,
      created: stats.created,
      destroyed: stats.destroyed,
      callTimeouts: stats.callTimeouts,
      queueThrottleEvents: summary.throttleEvents,
      failures: summary.failures.map(({ phrase, variant, kind, reason }) => ({ phrase, variant, kind, reason })),
      detail:
        `${summary.rendered} rendered (+${summary.cached} journaled beforehand, see ours.ts); ${stats.created} synthesizers created, ${stats.destroyed} destroyed; ` +
        `${stats.callTimeouts} call timeouts; the queue saw ${summary.throttleEvents} throttles` +
        (summary.failures.length ? `; failed: ${summary.failures.map((f) => `${f.phrase}/${f.variant} ${f.kind}`).join(', ')}` : ''),
    };
  } finally {
    await pool?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Journals these renders as finished (with a placeholder file of the recorded size), so CourseRun counts them cached. */
async function seedAsDone(outDir: string, jobs: readonly RenderJob[]): Promise<void> {
  if (!jobs.length) return;
  const journal = await RunJournal.open(outDir);
  const placeholder = new Uint8Array(44);
  for (const job of jobs) {
    await mkdir(dirname(join(outDir, job.file)), { recursive: true });
    await writeFile(join(outDir, job.file), placeholder);
    await journal.record({
      key: job.key,
      phrase: job.phraseId,
      variant: job.variantId,
      file: job.file,
      durationMs: 0,
      voice: job.voice,
      rate: job.rate,
      engine: job.engine,
      format: job.format,
      ...(await stampOf(join(outDir, job.file), placeholder)), // size, mtime, sha256: trusted as delivered
      at: new Date().toISOString(),
    });
  }
  await journal.close();
}
