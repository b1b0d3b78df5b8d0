import { join } from 'node:path';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RunSummary } from '../../../../shared/model/run-summary';
import { azureRunDefaults, describeTier, DEFAULT_GIVE_UP_AFTER_MS, type AzureRunDefaults, type AzureTierSetting } from '../engines/azure/run-defaults';
import { BATCH_POOL_OPTIONS } from '../engines/azure-batch/azure-batch-engine';
import { DEFAULT_LIMITS } from '../engines/azure-batch/split-jobs';
import { EnginePool, type EnginePoolOptions } from '../engines/engine-pool';
import type { SpeechEngine } from '../engines/speech-engine';
import { findVoiceProblems } from '../engines/voice-check';
import { findStyleProblems } from '../engines/style-check';
import type { GiveUpContext } from '../queue/give-up';
import { CourseRun, type CourseRunOptions } from './course-run';

/**
 * One place that builds a run: {engine, pool, run}, configured the same way for the generate CLI and
 * the studio. For Azure: the call and connect timeouts, synthesizer recycling by age and calls, where
 * the adaptive concurrency starts, the client-side rate of a known tier (F0, S0 or a custom quota),
 * and, for a headless run, the give-up deadline (no completed turn for that long stops the run with
 * stopReason 'unreachable', naming the host). The studio passes no give-up: it keeps probing, and
 * shows "Cannot reach <host> since HH:MM" from the run's snapshot while the producer decides.
 */
export interface RunSetupOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly maxConnections: number;
  /** Azure only: the resource's tier, when known. */
  readonly tier?: AzureTierSetting;
  /**
   * Azure only: the engine is the batch synthesis one (engines/azure-batch): every missing render is
   * handed over at once (it gathers them into jobs), with no socket pool limits, call deadline or rate;
   * the engine's REST client gives up on an unreachable service by itself.
   */
  readonly batch?: boolean;
  /** Stop after this long without a completed turn; absent = never (the studio). */
  readonly giveUpAfterMs?: number;
  /**
   * Builds the engine. For Azure it receives the timeouts to pass on (engines/create-engine.ts's
   * `azureTuning`), so the engine's own timers match the pool's.
   */
  readonly createEngine: (tuning: { readonly callTimeoutMs: number; readonly connectTimeoutMs: number } | undefined) => Promise<SpeechEngine>;
  /** Extra pool options (tests shorten timeouts); the run's maximum always wins. */
  readonly poolOptions?: Partial<EnginePoolOptions>;
  /** Storage options of the run (`--verify`, MP3 bitrate, sample rate, integrity reports). */
  readonly runOptions?: Pick<CourseRunOptions, 'verify' | 'mp3Bitrate' | 'sampleRate' | 'report' | 'tracks'>;
  /** For CAS_AZURE_* overrides; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunSetup {
  readonly engine: SpeechEngine;
  readonly pool: EnginePool;
  readonly run: CourseRun;
  /** The Azure settings in force, for the start line; undefined for the offline engine. */
  readonly azure: AzureRunDefaults | undefined;
  /** Where the engine connects, for messages ("Cannot reach … since"). */
  readonly endpoint: string;
  /** "up to 8 connections, starting at 8, F0: at most 16 requests per 60 s" */
  readonly parallelism: string;
  /** Voices of the course this engine cannot speak, one message each (throws when it cannot tell). */
  voiceProblems(file: string, placeOf?: (voice: string) => string | undefined, placeOfPath?: (path: ReadonlyArray<string | number>) => string | undefined): Promise<string[]>;
  /** The summary of a run stopped before its first render (key refused, unknown voices). */
  summaryWithoutRun(stop: { readonly code: string; readonly message: string }, cached?: number): RunSummary;
}

/** Validates the Azure environment overrides without building anything (the CLI reports them as usage errors). */
export function checkRunEnvironment(engine: EngineName, env: NodeJS.ProcessEnv = process.env): void {
  if (engine === 'azure') azureRunDefaults({ maxConnections: 1, env });
}

export async function setUpRun(options: RunSetupOptions): Promise<RunSetup> {
  const { course, outDir, format, maxConnections } = options;
  if (options.batch) return setUpBatchRun(options);
  const azure =
    options.engine === 'azure' ? azureRunDefaults({ maxConnections, ...(options.tier ? { tier: options.tier } : {}), ...(options.env ? { env: options.env } : {}) }) : undefined;
  const engine = await options.createEngine(azure ? { callTimeoutMs: azure.callTimeoutMs, connectTimeoutMs: azure.connectTimeoutMs } : undefined);
  const endpoint = endpointOf(engine);
  const pool = new EnginePool(engine, { ...(azure?.pool ?? {}), ...options.poolOptions, maxConnections });
  const run = buildRun(
    pool,
    () =>
      new CourseRun({
        course,
        outDir,
        engine: options.engine,
        format,
        pool,
        maxConcurrency: maxConnections,
        ...(azure ? { initialConcurrency: azure.initialConcurrency } : {}),
        ...(azure?.rateLimit ? { rateLimit: azure.rateLimit } : {}),
        ...options.runOptions,
        ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs, describeGiveUp: (context: GiveUpContext) => giveUpMessage(endpoint, context) } : {}),
      }),
  );
  const parallelism = azure
    ? `up to ${maxConnections} connections, starting at ${azure.initialConcurrency}${options.tier ? `, ${describeTier(options.tier)}` : ''}`
    : `${maxConnections} in parallel`;
  return {
    engine,
    pool,
    run,
    azure,
    endpoint,
    parallelism,
    voiceProblems: (file, placeOf, placeOfPath) => courseVoiceProblems(engine, run, course, file, placeOf, placeOfPath),
    summaryWithoutRun: (stop, cached = 0) => summaryWithoutRun(run, options, stop, cached),
  };
}

/** The summary of a run stopped before its first render (key refused, unknown voices, folder busy). */
function summaryWithoutRun(run: CourseRun, options: RunSetupOptions, stop: { readonly code: string; readonly message: string }, cached: number): RunSummary {
  const { course, outDir, format } = options;
  return {
    total: run.jobs.length,
    rendered: 0,
    cached,
    written: 0,
    failed: 0,
    cancelled: 0,
    pending: run.jobs.length - cached,
    state: 'stopped',
    stopReason: stop.code,
    stopMessage: stop.message,
    course: course.id,
    engine: options.engine,
    format,
    outDir,
    manifest: join(outDir, 'manifest.json'),
    elapsedMs: 0,
    rendersPerSecond: 0,
    throttleEvents: 0,
    failures: [],
  };
}

/** The Azure batch path: one pool slot per render in flight; jobs, not sockets, carry the work. */
async function setUpBatchRun(options: RunSetupOptions): Promise<RunSetup> {
  const { course, outDir, format } = options;
  const engine = await options.createEngine(undefined);
  const endpoint = endpointOf(engine);
  const pool = new EnginePool(engine, { ...options.poolOptions, ...BATCH_POOL_OPTIONS });
  const run = buildRun(
    pool,
    () => new CourseRun({ course, outDir, engine: options.engine, format, pool, maxConcurrency: BATCH_POOL_OPTIONS.maxConnections, ...options.runOptions }),
  );
  return {
    engine,
    pool,
    run,
    azure: undefined,
    endpoint,
    parallelism: `Azure batch synthesis at ${endpoint}: jobs of up to ${DEFAULT_LIMITS.maxInputs} renders, polled until done`,
    voiceProblems: (file, placeOf, placeOfPath) => courseVoiceProblems(engine, run, course, file, placeOf, placeOfPath),
    summaryWithoutRun: (stop, cached = 0) => summaryWithoutRun(run, options, stop, cached),
  };
}

/** Unknown voices, then speaking styles the voices do not list (both from the one cached voice list). */
async function courseVoiceProblems(
  engine: SpeechEngine,
  run: CourseRun,
  course: Course,
  ...[file, placeOf, placeOfPath]: Parameters<RunSetup['voiceProblems']>
): Promise<string[]> {
  return [...(await findVoiceProblems(engine, run.jobs, file, placeOf)), ...(await findStyleProblems(engine, course, file, placeOfPath))];
}

/** The give-up default of a headless run. */
export { DEFAULT_GIVE_UP_AFTER_MS };

/** A course the run cannot plan must not leave the engine's workers or sockets behind. */
function buildRun(pool: EnginePool, build: () => CourseRun): CourseRun {
  try {
    return build();
  } catch (error) {
    void pool.close();
    throw error;
  }
}

function endpointOf(engine: SpeechEngine): string {
  const endpoint = (engine as { endpoint?: unknown }).endpoint;
  return typeof endpoint === 'string' ? endpoint : engine.name;
}

function giveUpMessage(endpoint: string, { sinceMs, waitedMs, lastError }: GiveUpContext): string {
  const since = new Date(sinceMs).toTimeString().slice(0, 5);
  const what = lastError?.kind === 'throttled' ? `${endpoint} throttled every request` : `Cannot reach ${endpoint}`;
  return (
    `${what} since ${since} (${Math.round(waitedMs / 1000)} s without a completed render${lastError ? `; last error: ${lastError.message}` : ''}). ` +
    'The run stopped; unfinished renders are pending. Check the network, host or quota, then run again to resume.'
  );
}
