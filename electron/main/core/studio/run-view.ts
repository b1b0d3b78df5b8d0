import type { FailureGroup, RunView } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { RunProgress } from '../../../../shared/model/progress';
import type { EnginePool } from '../engines/engine-pool';
import type { CourseRun } from '../run/course-run';

/** One run of the open course, from run:start until its pool is closed. */
export interface RunRecord {
  readonly run: CourseRun;
  readonly pool: EnginePool;
  readonly engine: EngineName;
  readonly outDir: string;
  /** From prepare(): shown until the queue exists. */
  readonly total: number;
  readonly cached: number;
  /** run() has returned (or thrown). */
  ended: boolean;
  /** run() threw: why (the run counts as stopped). */
  crash?: string;
  /** Resolves when run() has returned (journal and manifest written). */
  settled?: Promise<unknown>;
  /** Resolves when, after that, the pool is closed too. */
  done?: Promise<void>;
}

export function idleProgress(total: number, cached: number): RunProgress {
  return { total, done: 0, cached, failed: 0, cancelled: 0, running: 0, remaining: Math.max(0, total - cached), rendersPerSecond: 0, etaMs: null, elapsedMs: 0 };
}

/** The Run tab's state: the current or last run, else an idle view of the open course. */
export function buildRunView(record: RunRecord | undefined, idle: { total: number; cached: number; engine: EngineName | null; outDir: string | null }): RunView {
  if (!record) {
    return { state: 'idle', progress: idleProgress(idle.total, idle.cached), hold: null, stopReason: null, failures: [], engine: idle.engine, outputDir: idle.outDir };
  }
  const snapshot = record.run.snapshot();
  const base = { engine: record.engine, outputDir: record.outDir };
  if (record.crash) {
    return { ...base, state: 'stopped', progress: snapshot?.progress ?? idleProgress(record.total, record.cached), hold: null, stopReason: record.crash, failures: groupFailures(record.run) };
  }
  if (!snapshot) {
    // prepare() done, queue not built yet: already "running" for the producer.
    return { ...base, state: 'running', progress: idleProgress(record.total, record.cached), hold: null, stopReason: null, failures: [] };
  }
  const stop = snapshot.stopReason;
  return {
    ...base,
    state: snapshot.state,
    progress: { ...snapshot.progress, rendersPerSecond: Math.round(snapshot.progress.rendersPerSecond * 100) / 100 },
    // The code ('throttled' | 'outage' | 'rate-limit'), as the contract says: the page words it.
    hold: snapshot.hold ? { reason: snapshot.hold.reason, untilMs: snapshot.hold.untilMs } : null,
    stopReason: stop ? (stop.detail ? `${stop.message} (${stop.detail})` : stop.message) : null,
    unreachable: snapshot.unreachable ? { host: endpointOf(record.pool), ...snapshot.unreachable } : null,
    failures: groupFailures(record.run),
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
