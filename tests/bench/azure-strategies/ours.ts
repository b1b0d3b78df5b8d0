/**
 * Strategy (c), ours: the product's own path, end to end, built by the generate CLI's own run setup
 * (core/run/run-setup.ts). createEngine('azure') -> EnginePool (the generic Pool of
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
import type { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import { RunJournal } from '../../../electron/main/core/run/journal';
import { stampOf } from '../../../electron/main/core/run/file-check';
import { setUpRun } from '../../../electron/main/core/run/run-setup';
import type { RenderJob } from '../../../shared/model/render';
import type { StrategyInput, StrategyResult } from './common';

export interface OursOptions {
  /** Synthesizers (sockets) at most: the pool's max and the queue's max concurrency. */
  readonly maxConnections: number;
  /** The pool's hard limit per call; the SDK has none. */
  readonly callTimeoutMs: number;
  /** A quota the producer knows and configures, in requests per second; absent = learn it. */
  readonly requestsPerSecond?: number;
  /** --give-up-after; absent = the CLI's default (600 s). */
  readonly giveUpAfterMs?: number;
}

export function oursSetup(options: OursOptions): string {
  const { initialConcurrency } = azureRunDefaults({ maxConnections: options.maxConnections, env: {} });
  return (
    `the generate CLI's run setup (run-setup.ts, azureRunDefaults): createEngine('azure') -> EnginePool(max ${options.maxConnections}, call timeout ${options.callTimeoutMs} ms) -> ` +
    `CourseRun(concurrency ${initialConcurrency} rising to ${options.maxConnections} by AIMD, ` +
    `${options.requestsPerSecond ? `tier ${options.requestsPerSecond} requests/s` : 'no tier given: the queue finds which limit binds and adapts its concurrency and request rate'}), WAV files written to a temp folder`
  );
}

export interface OursResult extends StrategyResult {
  readonly created: number;
  readonly destroyed: number;
  readonly callTimeouts: number;
  readonly queueThrottleEvents: number;
  /** The summary's stopReason ('unreachable', …), or '' when the run finished. */
  readonly stopReason: string;
  readonly failures: ReadonlyArray<{ readonly phrase: string; readonly variant: string; readonly kind: string; readonly reason: string }>;
}

export async function runOurs(input: StrategyInput, options: OursOptions): Promise<OursResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-azure-ours-'));
  let pool: EnginePool | undefined;
  try {
    // Set up by the generate CLI's own run setup, with the call timeout through its documented knob.
    const plan = planRenders(input.course, { engine: 'azure', format: 'wav' });
    await seedAsDone(outDir, plan.slice(input.jobs.length));
    const setup = await setUpRun({
      course: input.course,
      outDir,
      engine: 'azure',
      format: 'wav',
      maxConnections: options.maxConnections,
      ...(options.requestsPerSecond ? { tier: { requestsPerSecond: options.requestsPerSecond } } : {}),
      ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}),
      env: { CAS_AZURE_CALL_TIMEOUT_MS: String(options.callTimeoutMs) },
      createEngine: (tuning) => createEngine({ engine: 'azure', azure: { key: input.key, host: input.url }, azureTuning: { ...tuning, format: 'wav' } }),
    });
    pool = setup.pool;
    const run = setup.run;
    const started = performance.now();
    const summary = await run.run();
    const wallMs = performance.now() - started;
    const stats = pool.stats();
    // Pending renders of a stopped run are kept for the next run, not lost.
    const lost = summary.total - summary.rendered - summary.cached - (summary.state === 'stopped' ? summary.pending : 0);
    return {
      wallMs,
      rendered: summary.rendered,
      lost,
      created: stats.created,
      destroyed: stats.destroyed,
      callTimeouts: stats.callTimeouts,
      queueThrottleEvents: summary.throttleEvents,
      stopReason: summary.stopReason ?? '',
      failures: summary.failures.map(({ phrase, variant, kind, reason }) => ({ phrase, variant, kind, reason })),
      detail:
        `${summary.rendered} rendered (+${summary.cached} journaled beforehand, see ours.ts); ${stats.created} synthesizers created, ${stats.destroyed} destroyed; ` +
        `${stats.callTimeouts} call timeouts; the queue saw ${summary.throttleEvents} throttles` +
        (summary.stopReason ? `; stopped (${summary.stopReason}) with ${summary.pending} pending: ${summary.stopMessage ?? ''}` : '') +
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
