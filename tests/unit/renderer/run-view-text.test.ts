import { describe, expect, it } from 'vitest';
import { describePoolMax } from '../../../renderer/src/lib/poolText';
import { summarizeProgress } from '../../../renderer/src/features/run/progressText';
import { describeRun } from '../../../renderer/src/features/run/runStateText';
import { formatTimeLeft, timeLeft, type TimeLeftInput } from '../../../renderer/src/features/run/timeLeft';
import { runView } from './fake-window';

const left = (input: Partial<TimeLeftInput> & Pick<TimeLeftInput, 'run'>): string => formatTimeLeft(timeLeft({ estimatedMs: null, toRender: 0, series: [], ...input }));

describe('the time left', () => {
  it('is a range before the first renders', () => {
    expect(left({ run: runView({ state: 'idle' }), estimatedMs: 90_000, toRender: 6000 })).toBe('about 45 s – 3 min');
    expect(left({ run: runView({ state: 'idle' }), estimatedMs: 90_000, toRender: 0 })).toBe('—');
    // Live but nothing measured yet: still the estimate's range.
    expect(left({ run: runView({ state: 'running', progress: { remaining: 100, etaMs: null } }), estimatedMs: 60_000 })).toBe('about 30 s – 2 min');
  });

  it('is a range while the rate is barely measured, one figure once it has settled', () => {
    const early = runView({ state: 'running', progress: { done: 3, remaining: 100, elapsedMs: 2000, etaMs: 60_000 } });
    expect(left({ run: early, series: [1, 2] })).toBe('about 38 s – 2 min');
    const settled = runView({ state: 'running', progress: { done: 400, remaining: 100, elapsedMs: 30_000, etaMs: 60_000 } });
    expect(left({ run: settled, series: [10, 12, 11] })).toBe('about 1 min');
  });

  it('says "stalled" when nothing finished for five seconds though renders are due', () => {
    const run = runView({ state: 'running', progress: { done: 400, remaining: 100, elapsedMs: 60_000, etaMs: 2000 } });
    expect(left({ run, series: [8, 0, 0, 0, 0, 0] })).toBe('stalled');
    expect(left({ run, series: [0, 0, 0, 0, 3] })).not.toBe('stalled');
  });

  it('says "waiting" during a hold, not a countdown', () => {
    const run = runView({ state: 'running', hold: { reason: 'throttled', untilMs: 0 }, progress: { done: 400, remaining: 100, elapsedMs: 60_000, etaMs: 2000 } });
    expect(left({ run })).toBe('waiting');
  });
});

describe('the run state line and progress summary', () => {
  it('words each state', () => {
    expect(describeRun(runView({ state: 'idle', progress: { total: 10 } }), 0).text).toBe('Ready to generate.');
    expect(describeRun(runView({ state: 'finished', progress: { failed: 2 } }), 0)).toEqual({ text: 'Finished with 2 failed. Retry them below.', tone: 'bad' });
    expect(describeRun(runView({ state: 'running', hold: { reason: 'outage', untilMs: 10_000 } }), 0).text).toBe('Waiting: the service is not answering, resuming in 10 s.');
  });

  it('shows 100 % only when every render is on disk', () => {
    expect(summarizeProgress(runView({ progress: { total: 1000, done: 995, cached: 4, failed: 1 } }).progress)).toMatchObject({ pct: 99, finished: 1000 });
    expect(summarizeProgress(runView({ progress: { total: 10, done: 6, cached: 4, rendersPerSecond: 0.05 } }).progress)).toEqual({ pct: 100, finished: 10, perMinute: '3.0' });
  });
});

describe('the pool’s maximum', () => {
  it('says when the cap was learned from the service', () => {
    expect(describePoolMax({ max: 3, configuredMax: 8 }, 8)).toEqual({ text: '3 (learned from the service; settings 8)', learned: true });
    expect(describePoolMax({ max: 8, configuredMax: 8 }, 8)).toEqual({ text: '8', learned: false });
    // A pool built before the setting changed: not learned, the setting applies next time.
    expect(describePoolMax({ max: 2, configuredMax: 2 }, 4)).toEqual({ text: '2 (settings 4 from the next run)', learned: false });
  });
});
