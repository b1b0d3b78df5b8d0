import { describe, expect, it } from 'vitest';
import type { Eta } from '../../../shared/ipc/contract';
import { describeRendering, describeRun } from '../../../renderer/src/features/run/runStateText';
import { formatTimeLeft, timeLeft, type TimeLeftInput } from '../../../renderer/src/features/run/timeLeft';
import { describePoolMax } from '../../../renderer/src/lib/poolText';
import { runView } from './fake-window';

const left = (input: Partial<TimeLeftInput> & Pick<TimeLeftInput, 'run'>): string => formatTimeLeft(timeLeft({ estimatedMs: null, toRender: 0, series: [], ...input }));
const eta = (patch: Partial<Eta>): Eta => ({ ms: 60_000, lowMs: 60_000, highMs: 60_000, basis: 'measured', stalled: false, ...patch });

describe('the time left from main’s rate model', () => {
  it('is the range main sends while the rate is assumed, before and during a run', () => {
    const assumed = eta({ ms: 60_000, lowMs: 20_000, highMs: 180_000, basis: 'assumed' });
    // estimatedMs alone would say "about 30 s – 2 min": main's range wins.
    expect(left({ run: runView({ state: 'idle' }), estimatedMs: 60_000, estimateEta: assumed, toRender: 100 })).toBe('about 20 s – 3 min');
    const running = runView({ state: 'running', eta: assumed, progress: { done: 400, remaining: 100, elapsedMs: 30_000, etaMs: 5000 } });
    expect(left({ run: running })).toBe('about 20 s – 3 min');
  });

  it('is one figure once measured, even early in the run, instead of the page’s own guess', () => {
    // Without eta this early run would be a range around etaMs (5 s).
    const run = runView({ state: 'running', eta: eta({ ms: 75_000 }), progress: { done: 3, remaining: 100, elapsedMs: 2000, etaMs: 5000 } });
    expect(left({ run, series: [2, 3] })).toBe('about 1 min');
    expect(left({ run: runView({ state: 'idle' }), estimateEta: eta({ ms: 2000 }), toRender: 60 })).toBe('about 2 s');
  });

  it('says "stalled" when main says so, though the page’s own chart still moves', () => {
    const run = runView({
      state: 'running',
      eta: eta({ ms: null, lowMs: null, highMs: null, stalled: true }),
      progress: { done: 400, remaining: 100, elapsedMs: 60_000, etaMs: 2000 },
    });
    expect(left({ run, series: [3, 0, 2] })).toBe('stalled');
  });

  it('keeps etaMs as the fallback when main sends no eta', () => {
    const run = runView({ state: 'running', progress: { done: 400, remaining: 100, elapsedMs: 30_000, etaMs: 60_000 } });
    expect(left({ run, series: [10] })).toBe('about 1 min');
  });
});

describe('what the renders in flight are doing', () => {
  it('says "Rendering X of N" with those waiting for a slot and writing apart', () => {
    const run = runView({ state: 'running', live: { rendering: 2, waitingForSlot: 5, writing: 1, slots: 2 }, progress: { running: 8 } });
    expect(describeRendering(run)).toBe('Rendering: 2 of 2, 5 waiting for a slot, 1 writing.');
    expect(describeRun(run, 0).text).toBe('Rendering: 2 of 2, 5 waiting for a slot, 1 writing.');
    expect(describeRendering(runView({ live: { rendering: 1, waitingForSlot: 0, writing: 0, slots: 4 } }))).toBe('Rendering: 1 of 4.');
    // An older main without `live`: the in-flight count.
    expect(describeRendering(runView({ progress: { running: 7 } }))).toBe('Rendering: 7 in flight.');
  });
});

describe('an unreachable service', () => {
  const since = new Date(2026, 11, 3, 14, 2, 30).getTime();
  const unreachable = { host: 'tts.example.test', sinceMs: since, lastError: 'connect ECONNREFUSED 127.0.0.1:9' };

  it('says where, since when and the last error, instead of a plain wait', () => {
    const run = runView({ state: 'holding', hold: { reason: 'outage', untilMs: since + 5000 }, unreachable });
    expect(describeRun(run, since)).toEqual({
      text: 'Cannot reach tts.example.test since 14:02 - retrying.',
      detail: 'Last error: connect ECONNREFUSED 127.0.0.1:9',
      tone: 'warn',
    });
    expect(describeRun(runView({ state: 'running', unreachable }), since).text).toBe('Cannot reach tts.example.test since 14:02 - retrying.');
  });

  it('lets a paused or ended run say its own state', () => {
    expect(describeRun(runView({ state: 'paused', unreachable }), since).text).toBe('Paused. Nothing new starts until you resume.');
    expect(describeRun(runView({ state: 'cancelled', unreachable }), since).text).toMatch(/^Cancelled\./);
  });
});

describe('the pool’s learned cap', () => {
  const at = new Date(2026, 11, 3, 14, 2, 0).getTime();
  it('says when the cap was learned, and when a probe above it runs', () => {
    expect(describePoolMax({ max: 3, configuredMax: 8, cap: { reason: 'learned-cap', atMs: at, max: 3 } }, 8)).toEqual({
      text: '3 (learned from the service at 14:02; settings 8)',
      learned: true,
    });
    expect(describePoolMax({ max: 4, configuredMax: 8, cap: { reason: 'probe', atMs: at, max: 4 } }, 8).text).toBe(
      '4 (trying one above the cap learned from the service, since 14:02; settings 8)',
    );
    expect(describePoolMax({ max: 8, configuredMax: 8, cap: null }, 8)).toEqual({ text: '8', learned: false });
  });
});
