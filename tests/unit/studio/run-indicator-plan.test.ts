import { describe, expect, it } from 'vitest';
import type { RunView } from '../../../shared/ipc/contract';
import { planIndicators } from '../../../electron/main/core/studio/run-indicator-plan';

function view(state: RunView['state'], progress: Partial<RunView['progress']> = {}, stopReason: string | null = null): RunView {
  return {
    state,
    progress: { total: 100, done: 0, cached: 0, failed: 0, cancelled: 0, running: 0, remaining: 100, rendersPerSecond: 0, etaMs: null, elapsedMs: 0, ...progress },
    hold: null,
    stopReason,
    failures: [],
    engine: 'offline',
    outputDir: '/out',
  };
}

describe('planIndicators', () => {
  it('shows progress and keeps the machine awake while running', () => {
    expect(planIndicators(view('running', { done: 30, cached: 10, failed: 5 }), 'idle')).toEqual({ progress: 0.45, mode: 'normal', keepAwake: true, notification: null });
  });

  it('shows waiting as indeterminate, and lets the machine sleep while paused', () => {
    expect(planIndicators(view('holding'), 'running')).toMatchObject({ mode: 'indeterminate', keepAwake: true });
    expect(planIndicators(view('paused', { done: 50 }), 'running')).toMatchObject({ progress: 0.5, mode: 'paused', keepAwake: false });
  });

  it('clears the bar and notifies once when a run ends, failure looking different from success', () => {
    const ended = planIndicators(view('finished', { done: 90, cached: 10 }), 'running');
    expect(ended).toMatchObject({ progress: -1, mode: 'none', keepAwake: false, notification: { title: 'Run finished', body: '90 rendered, 10 already done of 100.' } });
    expect(planIndicators(view('finished', { done: 90, cached: 10 }), 'finished').notification).toBeNull();
    expect(planIndicators(view('finished', { done: 95, failed: 5 }), 'running').notification?.title).toBe('Run finished with failures');
    expect(planIndicators(view('stopped', {}, 'The Azure key was refused'), 'running').notification).toMatchObject({ title: 'Run stopped', body: 'The Azure key was refused' });
    expect(planIndicators(view('cancelled'), 'paused').notification).toMatchObject({ title: 'Run cancelled', silent: true });
  });

  it('does not notify for an old run shown at start-up', () => {
    expect(planIndicators(view('finished'), 'idle').notification).toBeNull();
  });
});
