// The pool's small parts, tested on their own so a failure points at the part, not at the pool.
import { describe, expect, it, vi } from 'vitest';
import { createBackoffDelay } from '../../../electron/main/core/pool/backoff';
import { PercentileWindow } from '../../../electron/main/core/pool/percentile-window';
import { settleWithin } from '../../../electron/main/core/pool/settle-within';
import { WaiterQueue } from '../../../electron/main/core/pool/waiter-queue';
import type { Waiter, WaiterInit } from '../../../electron/main/core/pool/waiter-queue';

describe('createBackoffDelay', () => {
  it('grows exponentially to maxMs and never drops below baseMs (no spin on a zero draw)', () => {
    const ceiling = (n: number): number => createBackoffDelay(n, 100, 5_000, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 50, 5000].map(ceiling)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    expect(createBackoffDelay(6, 100, 5_000, () => 0)).toBe(100);
    expect(createBackoffDelay(3, 100, 5_000, () => 0.5)).toBe(250);
    expect(createBackoffDelay(0, 100, 5_000, () => 1)).toBe(0);
  });
});

describe('PercentileWindow', () => {
  it('computes nearest-rank percentiles over the most recent samples only', () => {
    const w = new PercentileWindow(4);
    expect(w.percentile(50)).toBe(0);
    for (const v of [1000, 1000, 1000, 1000]) w.record(v);
    for (const v of [4, 1, 3, 2]) w.record(v); // the 1000s slide out
    expect(w.percentile(50)).toBe(2);
    expect(w.percentile(95)).toBe(4);
    expect(w.percentile(100)).toBe(4);
  });
});

describe('WaiterQueue', () => {
  // Waiters are named through a side table: the queue copies only the fields it knows.
  const names = new Map<Waiter<string>, string>();
  const hooks = (timedOut: string[], aborted: string[] = []) => ({
    now: () => Date.now(),
    onTimeout: (w: Waiter<string>) => timedOut.push(names.get(w) ?? '?'),
    onAbort: () => aborted.push('abort'),
  });
  const init = (priority: 'high' | 'normal', timeoutMs = Infinity, signal?: AbortSignal): WaiterInit<string> => ({
    priority,
    timeoutMs,
    signal,
    resolve: () => {},
    reject: () => {},
  });
  const add = (q: WaiterQueue<string>, name: string, timeoutMs = Infinity): Waiter<string> => {
    const w = q.enqueue(init(name.startsWith('h') ? 'high' : 'normal', timeoutMs));
    names.set(w, name);
    return w;
  };

  it('shifts high before normal, FIFO within each, and removes from the middle in place', () => {
    const q = new WaiterQueue<string>(hooks([]));
    const ws = ['n1', 'h1', 'n2', 'h2', 'n3'].map((n) => add(q, n));
    expect(q.size).toBe(5);
    expect(q.remove(ws[2]!)).toBe(true);
    expect(q.remove(ws[2]!)).toBe(false); // a second removal (timeout racing a hand-off) is a no-op
    const order: string[] = [];
    for (let w = q.shift(); w; w = q.shift()) order.push(names.get(w)!);
    expect(order).toEqual(['h1', 'h2', 'n1', 'n3']);
    expect(q.size).toBe(0);
  });

  it('expires waiters at their deadlines with one timer, cleared when the queue empties', async () => {
    vi.useFakeTimers();
    try {
      const timedOut: string[] = [];
      const q = new WaiterQueue<string>(hooks(timedOut));
      add(q, 'n-a', 300);
      add(q, 'h-b', 100);
      const c = add(q, 'n-c', 200);
      add(q, 'n-d', Infinity);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(timedOut).toEqual(['h-b']);
      q.remove(c);
      await vi.advanceTimersByTimeAsync(200);
      expect(timedOut).toEqual(['h-b', 'n-a']);
      expect(q.size).toBe(1);
      expect(vi.getTimerCount()).toBe(0); // only 'n-d' is left, and it never times out
      q.shift();
      add(q, 'n-e', 50);
      q.shift();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an aborted waiter is removed, rejected with the reason, and its listener detached', () => {
    const aborted: string[] = [];
    const q = new WaiterQueue<string>(hooks([], aborted));
    const controller = new AbortController();
    let rejection: unknown;
    q.enqueue({ priority: 'normal', timeoutMs: Infinity, signal: controller.signal, resolve: () => {}, reject: (e) => (rejection = e) });
    const served = new AbortController();
    const w = q.enqueue(init('normal', Infinity, served.signal));
    controller.abort('stop');
    expect(rejection).toBe('stop');
    expect(aborted).toEqual(['abort']);
    expect(q.shift()).toBe(w);
    served.abort(); // after it was served: nothing happens
    expect(aborted).toEqual(['abort']);
  });
});

describe('settleWithin', () => {
  it('resolves, rejects, or times out (aborting the signal), whichever comes first', async () => {
    vi.useFakeTimers();
    try {
      await expect(
        settleWithin(
          () => 5,
          100,
          () => new Error('t'),
        ),
      ).resolves.toBe(5);
      await expect(
        settleWithin(
          () => Promise.reject(new Error('no')),
          100,
          () => new Error('t'),
        ),
      ).rejects.toThrow('no');
      await expect(
        settleWithin(
          () => {
            throw new Error('sync');
          },
          100,
          () => new Error('t'),
        ),
      ).rejects.toThrow('sync');
      let seen: AbortSignal | undefined;
      let finish: (v: string) => void = () => {};
      const late: string[] = [];
      const hung = settleWithin<string>(
        (signal) => {
          seen = signal;
          return new Promise((resolve) => (finish = resolve));
        },
        100,
        () => new Error('too slow'),
        undefined,
        (v) => late.push(v),
      );
      const outcome = hung.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      expect(String(await outcome)).toMatch(/too slow/);
      expect(seen?.aborted).toBe(true);
      finish('resource');
      await Promise.resolve();
      await Promise.resolve();
      expect(late).toEqual(['resource']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
