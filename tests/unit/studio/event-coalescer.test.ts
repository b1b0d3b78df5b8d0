import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedBatch, Throttle } from '../../../electron/main/core/studio/event-coalescer';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Throttle', () => {
  it('sends the first change at once, then at most one per interval, with the state at flush time', () => {
    let state = 0;
    const sent: number[] = [];
    const throttle = new Throttle(
      100,
      () => sent.push(state),
      () => Date.now(),
    );
    state = 1;
    throttle.schedule();
    expect(sent).toEqual([1]);
    for (let i = 2; i <= 50; i++) {
      state = i;
      throttle.schedule();
      vi.advanceTimersByTime(5);
    }
    // 49 changes over 245 ms: the first at once, then one per 100 ms, the latest value each time.
    vi.advanceTimersByTime(100);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.at(-1)).toBe(50);
  });

  it('keeps a 10,000-change burst to ~10 emissions a second', () => {
    const times: number[] = [];
    const throttle = new Throttle(
      100,
      () => times.push(Date.now()),
      () => Date.now(),
    );
    for (let i = 0; i < 10_000; i++) {
      throttle.schedule();
      vi.advanceTimersByTime(0.1); // 1 s in total
    }
    vi.advanceTimersByTime(200);
    expect(times.length).toBeLessThanOrEqual(12);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('flushNow sends a pending change at once; close drops it', () => {
    const sent: string[] = [];
    const throttle = new Throttle(
      100,
      () => sent.push('x'),
      () => Date.now(),
    );
    throttle.schedule();
    throttle.schedule();
    expect(throttle.pending).toBe(true);
    throttle.flushNow();
    expect(sent).toEqual(['x', 'x']);
    throttle.schedule();
    throttle.close();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['x', 'x']);
  });
});

describe('KeyedBatch', () => {
  it('merges changes by key (latest wins) into one batch per interval', () => {
    const batches: Array<Record<string, string>> = [];
    const batch = new KeyedBatch<string>(
      100,
      (map) => batches.push(Object.fromEntries(map)),
      () => Date.now(),
    );
    batch.set('p1/a', 'queued'); // goes at once
    batch.set('p1/a', 'running');
    batch.set('p2/a', 'queued');
    batch.set('p1/a', 'done');
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([{ 'p1/a': 'queued' }, { 'p1/a': 'done', 'p2/a': 'queued' }]);
  });

  it('sends nothing when the batch was cleared', () => {
    const batches: unknown[] = [];
    const batch = new KeyedBatch<string>(
      100,
      (map) => batches.push(map),
      () => Date.now(),
    );
    batch.set('a', '1');
    batch.set('b', '2');
    batch.clear();
    vi.advanceTimersByTime(200);
    expect(batches).toHaveLength(1);
  });
});
