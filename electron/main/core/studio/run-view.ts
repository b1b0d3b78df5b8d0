import type { FailureGroup, RunView } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { RunProgress } from '../../../../shared/model/progress';
import type { AzureBatchEngine } from '../engines/azure-batch/azure-batch-engine';
import type { EnginePool } from '../engines/engine-pool';
import type { CourseRun } from '../run/course-run';
import type { OpenCourse } from './course-session';
import type { RateModel } from './rate-model';

/** One run of the open course, from run:start until its pool is closed. */
export interface RunRecord {
  readonly run: CourseRun;
  readonly pool: EnginePool;
  /** The plan it ran: once the course is replanned (settings, voices) the run is history. */
  readonly plan?: OpenCourse;
  readonly engine: EngineName;
  readonly outDir: string;
  /** From prepare(): shown until the queue exists. */
  readonly total: number;
  readonly cached: number;
  /** run() has returned (or thrown). */
  ended: boolean;
  /** Elapsed time when the queue reached a final state (finished, cancelled, stopped): the clock stops there. */
  elapsedAtEndMs?: number;
  /** run() threw: why (the run counts as stopped). */
  crash?: string;
  /** Resolves when run() has returned (journal and manifest written). */
  settled?: Promise<unknown>;
  /** Resolves when, after that, the pool is closed too. */
  done?: Promise<void>;
  /** Lets go of the output folder's write lock (once the journal and manifest are written). */
  releaseFolder?: () => Promise<void>;
  /** A run through Azure batch synthesis ("Send to Azure batch"): its engine lists the jobs. */
  readonly batch?: AzureBatchEngine;
}

export interface IdleRunContext {
  readonly total: number;
  /** Cells of the current plan whose audio is on disk (done or cached). */
  readonly cached: number;
  readonly engine: EngineName | null;
  readonly outDir: string | null;
  /** The session's rate model (estimates); absent: no estimate. */
  readonly rates?: RateModel;
}

export function idleProgress(total: number, cached: number): RunProgress {
  return { total, done: 0, cached, failed: 0, cancelled: 0, running: 0, remaining: Math.max(0, total - cached), rendersPerSecond: 0, etaMs: null, elapsedMs: 0 };
}

/**
 * The Run tab's state: the run of the plan now open (running or last), else an idle view of the plan
 * (a replan after a settings change shows what is left to render, never the old run's "Finished").
 */
export function buildRunView(record: RunRecord | undefined, idle: IdleRunContext): RunView {
  if (!record) {
    return { state: 'idle', progress: idleProgress(idle.total, idle.cached), hold: null, stopReason: null, failures: [], engine: idle.engine, outputDir: idle.outDir };
  }
  const snapshot = record.run.snapshot();
  const base = { engine: record.engine, outputDir: record.outDir };
  if (record.crash) {
    return {
      ...base,
      state: 'stopped',
      progress: snapshot?.progress ?? idleProgress(record.total, record.cached),
      hold: null,
      stopReason: record.crash,
      failures: groupFailures(record.run),
    };
  }
  if (!snapshot) {
    // prepare() done, queue not built yet: already "running" for the producer.
    return { ...base, state: 'running', progress: idleProgress(record.total, record.cached), hold: null, stopReason: null, failures: [] };
  }
  const stop = snapshot.stopReason;
  const over = record.elapsedAtEndMs !== undefined;
  const stats = record.pool.stats();
  const progress = runProgress(snapshot.progress, record);
  const slots = over ? 0 : stats.max;
  const eta = idle.rates?.estimate(record.engine, progress.remaining, Math.max(1, stats.max), !over && snapshot.state !== 'paused' && snapshot.state !== 'holding');
  return {
    ...base,
    state: snapshot.state,
    // Stalled: no time at all (never the queue's "2 s left").
    progress: { ...progress, etaMs: over ? null : eta ? eta.ms : progress.etaMs },
    // The code ('throttled' | 'outage' | 'rate-limit'), as the contract says: the page words it.
    hold: snapshot.hold ? { reason: snapshot.hold.reason, untilMs: snapshot.hold.untilMs } : null,
    stopReason: stop ? (stop.detail ? `${stop.message} (${stop.detail})` : stop.message) : null,
    unreachable: snapshot.unreachable ? { host: endpointOf(record.pool), ...snapshot.unreachable } : null,
    failures: groupFailures(record.run),
    counts: runCounts(record.run, progress),
    live: over ? { rendering: 0, waitingForSlot: 0, writing: 0, slots } : liveCounts(snapshot.inFlight, stats),
    ...(eta && !over ? { eta: { ms: eta.ms, lowMs: eta.lowMs, highMs: eta.highMs, basis: eta.basis, stalled: eta.stalled } } : {}),
  };
}

/**
 * What the run did, as the summary says it: rendered = synthesized by the engine (billed), cached =
 * finished without synthesis (a delivered file or a master already held it), written = files delivered.
 */
function runCounts(run: CourseRun, progress: RunProgress): NonNullable<RunView['counts']> {
  const rendered = run.synthesizedCount;
  return { rendered, cached: Math.max(0, progress.cached + progress.done - rendered), written: run.writtenCount };
}

/**
 * What the queue's in-flight renders are doing: rendering in one of the pool's slots (never more than
 * the slots), waiting for a free slot, or writing their file (slot already returned).
 */
function liveCounts(inFlight: number, stats: { inUse: number; waiters: number; max: number }): NonNullable<RunView['live']> {
  const rendering = Math.min(stats.inUse, stats.max, inFlight);
  const waitingForSlot = Math.min(stats.waiters, inFlight - rendering);
  return { rendering, waitingForSlot, writing: Math.max(0, inFlight - rendering - waitingForSlot), slots: stats.max };
}

/**
 * The queue's counts, as the producer reads them: "remaining" is every render of this run not on disk
 * (cancelled ones too: a new Generate renders them; failed ones are counted apart), and the clock
 * stops when the run is over.
 */
function runProgress(progress: RunProgress, record: RunRecord): RunProgress {
  const remaining = Math.max(0, progress.total - progress.done - progress.cached - progress.failed);
  return {
    ...progress,
    remaining,
    elapsedMs: record.elapsedAtEndMs ?? progress.elapsedMs,
    rendersPerSecond: Math.round(progress.rendersPerSecond * 100) / 100,
  };
}

function endpointOf(pool: EnginePool): string {
  const endpoint = (pool.engine as { endpoint?: unknown }).endpoint;
  return typeof endpoint === 'string' ? endpoint : pool.engine.name;
}

/** Failures grouped by cause, with the service's own words, for "failures grouped by cause". */
export function groupFailures(run: CourseRun): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const { job, error } of run.generationQueue?.failures() ?? []) {
    const message = error.detail ? `${error.message} (${error.detail})` : error.message;
    const key = `${error.kind}\u0000${message}`;
    const id = `${job.phraseId}/${job.variantId}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      group.cells.push(id);
    } else groups.set(key, { kind: error.kind, message, count: 1, cells: [id] });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
