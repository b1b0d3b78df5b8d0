import { beforeEach, describe, expect, it } from 'vitest';
import type { PoolGauges } from '../../../shared/ipc/contract';
import { chartCeiling, hiddenRunFor, runSeries } from '../../../renderer/src/lib/throughputSeries';
import { EMPTY_POOL, usePool } from '../../../renderer/src/store/pool';
import { useRun } from '../../../renderer/src/store/run';
import { resetStores, runView } from './fake-window';

/** What main sends after `before` samples of earlier runs and `run` of the latest, its `runs`-th (the window holds the newest 120). */
function gauges(before: number[], run: number[], runs: number): PoolGauges {
  const all = [...before, ...run];
  return { ...EMPTY_POOL, throughput: all.slice(-120), samplesTaken: all.length, runSamplesFrom: before.length, runsStarted: runs };
}

const series = (): number[] => runSeries(usePool.getState().pool, usePool.getState().hiddenRun);

describe('the throughput chart draws the current run only', () => {
  beforeEach(resetStores);

  it('starts empty when a run starts and keeps only that run’s samples', () => {
    const offline = Array.from({ length: 40 }, () => 149);
    usePool.getState().setPool(gauges([], offline, 1));
    useRun.getState().setRun(runView({ state: 'finished' }));
    expect(series()).toEqual(offline);
    // An Azure run starts: the page learns it from run:changed (or the run:start answer), before
    // main's gauges for the new run arrive.
    useRun.getState().setRun(runView({ state: 'running' }));
    expect(series()).toEqual([]);
    usePool.getState().setPool(gauges(offline, [], 2));
    expect(series()).toEqual([]);
    const azure = [4, 5, 5, 6, 5];
    usePool.getState().setPool(gauges(offline, azure, 2));
    expect(series()).toEqual(azure);
    // Scaled to this run: the 149/s of the offline run does not flatten it.
    expect(chartCeiling(series())).toBe(10);
  });

  it('keeps counting right when the window slides past 120 samples', () => {
    const before = Array.from({ length: 100 }, (_, i) => i);
    usePool.getState().setPool(gauges([], before, 1));
    useRun.getState().setRun(runView({ state: 'running' }));
    const run = Array.from({ length: 50 }, () => 7);
    usePool.getState().setPool(gauges(before, run, 2));
    expect(series()).toEqual(run);
  });

  it('a pause and resume is the same run; a retry after the end is a new one', () => {
    usePool.getState().setPool(gauges([], [1, 1], 1));
    useRun.getState().setRun(runView({ state: 'running' }));
    usePool.getState().setPool(gauges([1, 1], [3, 3], 2));
    useRun.getState().setRun(runView({ state: 'paused' }));
    useRun.getState().setRun(runView({ state: 'running' }));
    expect(series()).toEqual([3, 3]);
    useRun.getState().setRun(runView({ state: 'finished' }));
    expect(series()).toEqual([3, 3]);
    useRun.getState().setRun(runView({ state: 'running' }));
    expect(series()).toEqual([]);
  });

  it('restarts for another course or engine, and a last sample arriving late stays out', () => {
    usePool.getState().setPool(gauges([], [9, 9, 9], 1));
    expect(series()).toEqual([9, 9, 9]);
    usePool.getState().restartSeries();
    expect(series()).toEqual([]);
    // The run's last sample (taken as it let go of its pool) arrives after the engine was switched.
    usePool.getState().setPool(gauges([], [9, 9, 9, 4], 1));
    expect(series()).toEqual([]);
    // The next run draws its own samples.
    usePool.getState().setPool(gauges([9, 9, 9, 4], [2], 2));
    expect(series()).toEqual([2]);
  });

  it('a page arriving mid-run or after one draws that run; an idle studio draws nothing', () => {
    const pool = gauges([100, 100, 100], [2, 2], 2);
    expect(runSeries(pool, hiddenRunFor(pool, runView({ state: 'running' })))).toEqual([2, 2]);
    expect(runSeries(pool, hiddenRunFor(pool, runView({ state: 'finished' })))).toEqual([2, 2]);
    expect(runSeries(pool, hiddenRunFor(pool, runView({ state: 'idle' })))).toEqual([]);
  });

  it('rounds the y-axis top just above the peak', () => {
    expect(chartCeiling([])).toBe(1);
    expect(chartCeiling([0.3, 0.4])).toBe(0.5);
    expect(chartCeiling([4.2])).toBe(5);
    expect(chartCeiling([149])).toBe(200);
    expect(chartCeiling([2])).toBe(2);
  });
});
