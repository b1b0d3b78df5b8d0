import { describe, expect, it } from 'vitest';
import { RunViewSchema } from '../../../shared/ipc/contract';
import type { HoldReason, QueueSnapshot } from '../../../electron/main/core/queue/generation-queue';
import type { CourseRun } from '../../../electron/main/core/run/course-run';
import { buildRunView, idleProgress, type RunRecord } from '../../../electron/main/core/studio/run-view';
import { describeHold, describeRun } from '../../../renderer/src/features/run/runStateText';

const HOLD_REASONS: readonly HoldReason[] = ['throttled', 'outage', 'rate-limit'];

/** A run record whose queue reports `snapshot` (and no failures), having synthesized and written `work`. */
function recordWith(snapshot: QueueSnapshot, work = { synthesized: 0, written: 0 }): RunRecord {
  const run = { snapshot: () => snapshot, generationQueue: { failures: () => [] }, synthesizedCount: work.synthesized, writtenCount: work.written } as unknown as CourseRun;
  return {
    run,
    pool: { stats: () => ({ inUse: 0, waiters: 0, max: 4 }) } as unknown as RunRecord['pool'],
    engine: 'azure',
    outDir: '/out/course',
    total: 30,
    cached: 0,
    ended: false,
  };
}

function holding(reason: HoldReason, untilMs: number): QueueSnapshot {
  return {
    state: 'holding',
    progress: { ...idleProgress(30, 0), done: 4, running: 0 },
    inFlight: 0,
    concurrencyLimit: 1,
    maxConcurrency: 4,
    hold: { reason, untilMs },
    throttleEvents: 2,
    stopReason: null,
  };
}

describe('buildRunView: run.counts', () => {
  it('says rendered (synthesized: billed), cached (finished without synthesis) and written, as the CLI summary does', () => {
    // 4 done in this run, 3 of them synthesized (one came from a master another render made), 5 found on disk.
    const snapshot: QueueSnapshot = { ...holding('throttled', 0), state: 'running', hold: null, progress: { ...idleProgress(30, 5), done: 4 } };
    const view = buildRunView(recordWith(snapshot, { synthesized: 3, written: 6 }), { total: 30, cached: 5, engine: 'azure', outDir: '/out/course' });
    expect(view.counts).toEqual({ rendered: 3, cached: 6, written: 6 });
    expect(RunViewSchema.parse(view)).toEqual(view);
    expect(buildRunView(undefined, { total: 30, cached: 5, engine: 'azure', outDir: '/out/course' }).counts).toBeUndefined();
  });
});

describe('buildRunView: run.hold', () => {
  it.each(HOLD_REASONS)('sends the hold code %s, not a sentence', (reason) => {
    const view = buildRunView(recordWith(holding(reason, 1_000_000)), { total: 30, cached: 0, engine: 'azure', outDir: '/out/course' });
    expect(view.hold).toEqual({ reason, untilMs: 1_000_000 });
    expect(RunViewSchema.parse(view).hold?.reason).toBe(reason);
  });

  it('has no hold when the queue has none, or before the queue exists', () => {
    const running: QueueSnapshot = { ...holding('throttled', 0), state: 'running', hold: null };
    expect(buildRunView(recordWith(running), { total: 30, cached: 0, engine: 'azure', outDir: null }).hold).toBeNull();
    expect(buildRunView(undefined, { total: 30, cached: 0, engine: 'azure', outDir: null }).hold).toBeNull();
  });
});

describe('the page words each hold code', () => {
  it('gives every code its own sentence, and a countdown while it lasts', () => {
    const sentences = HOLD_REASONS.map(describeHold);
    expect(new Set(sentences).size).toBe(HOLD_REASONS.length);
    for (const sentence of sentences) expect(sentence).toMatch(/^Waiting: the /);
    const view = buildRunView(recordWith(holding('throttled', 10_000)), { total: 30, cached: 0, engine: 'azure', outDir: null });
    expect(describeRun(view, 0)).toEqual({ text: 'Waiting: the service asked us to slow down, resuming in 10 s.', tone: 'warn' });
  });

  it('still says it waits for a code it does not know', () => {
    expect(describeHold('quota-exceeded')).toBe('Waiting: quota exceeded');
  });
});

describe('buildRunView: time left and the clock', () => {
  const running = (): QueueSnapshot => ({
    ...holding('throttled', 0),
    state: 'running',
    hold: null,
    progress: { ...idleProgress(30, 0), done: 4, running: 2, etaMs: 2_000, elapsedMs: 9_000 },
    inFlight: 2,
  });

  it('a stall says "stalled" with no time, never the queue\'s "2 s left"', async () => {
    const { RateModel } = await import('../../../electron/main/core/studio/rate-model');
    let now = 0;
    const rates = new RateModel(() => now);
    rates.observe('azure', 500, 2, 4);
    now += 60_000; // nothing finished for a minute
    const view = buildRunView(recordWith(running()), { total: 30, cached: 0, engine: 'azure', outDir: null, rates });
    expect(view.eta).toMatchObject({ stalled: true, ms: null });
    expect(view.progress.etaMs).toBeNull();
  });

  it('once the queue is over, Elapsed is the value at the end and nothing is in flight', () => {
    const record = { ...recordWith({ ...running(), state: 'finished', progress: { ...running().progress, elapsedMs: 120_000 } }), elapsedAtEndMs: 9_000 };
    const view = buildRunView(record, { total: 30, cached: 0, engine: 'azure', outDir: null });
    expect(view.progress.elapsedMs).toBe(9_000);
    expect(view.progress.etaMs).toBeNull();
    expect(view.live).toMatchObject({ rendering: 0, waitingForSlot: 0, writing: 0 });
  });
});
