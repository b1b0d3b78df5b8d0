// The gauges read stats() and listen to events; check concrete numbers, not just shapes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pool } from '../../../electron/main/core/pool';
import { flush, makeFactory, makePool } from './helpers';
import type { Res } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool.stats', () => {
  it('counts sizes and totals through a sequence of operations', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3, min: 1 });
    expect(pool.stats()).toEqual({
      size: 0,
      idle: 0,
      inUse: 0,
      pendingCreates: 0,
      waiters: 0,
      max: 3,
      min: 1,
      created: 0,
      destroyed: 0,
      createFailures: 0,
      acquireTimeouts: 0,
      borrowed: 0,
      acquireWaitP50Ms: 0,
      acquireWaitP95Ms: 0,
      closed: false,
      draining: false,
    });
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    const waiter = pool.acquire({ timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(pool.stats()).toMatchObject({ size: 3, idle: 0, inUse: 3, waiters: 1, created: 3, borrowed: 3 });
    await vi.advanceTimersByTimeAsync(1_000);
    await waiter;
    a!.release();
    b!.destroy();
    expect(pool.stats()).toMatchObject({ size: 2, idle: 1, inUse: 1, waiters: 0, destroyed: 1, acquireTimeouts: 1 });
    c!.release();
    (await pool.acquire()).release();
    expect(pool.stats()).toMatchObject({ size: 2, idle: 2, inUse: 0, created: 3, borrowed: 4 });
    await pool.close();
    expect(pool.stats()).toMatchObject({ size: 0, destroyed: 3, closed: true, draining: true });
  });

  it('reports acquire wait p50/p95 from the waits actually seen', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    // 18 immediate acquires and 2 that wait 100 ms and 400 ms.
    for (let i = 0; i < 18; i++) (await pool.acquire()).release();
    for (const holdMs of [100, 400]) {
      const held = await pool.acquire();
      const waiting = pool.acquire();
      await vi.advanceTimersByTimeAsync(holdMs);
      held.release();
      (await waiting).release();
    }
    const s = pool.stats();
    expect(s.borrowed).toBe(22);
    expect(s.acquireWaitP50Ms).toBe(0);
    // 22 samples: 20 zeros, then 100 and 400; nearest-rank p95 is the 21st -> 100.
    expect(s.acquireWaitP95Ms).toBe(100);
    await pool.close();
  });
});

describe('Pool events', () => {
  it('emits create, acquire, release, destroy, createError and stats-changed with their arguments', async () => {
    let fail = false;
    const pool = new Pool<Res>({
      create: async () => {
        if (fail) throw new Error('nope');
        return { id: 7, broken: false };
      },
      destroy: () => {},
      max: 1,
      now: () => Date.now(),
    });
    const log: string[] = [];
    let statsChanged = 0;
    const onStats = (): void => {
      statsChanged++;
    };
    pool
      .on('create', (r) => log.push(`create ${r.id}`))
      .on('acquire', (r, waitMs) => log.push(`acquire ${r.id} ${waitMs}`))
      .on('release', (r) => log.push(`release ${r.id}`))
      .on('destroy', (r, reason) => log.push(`destroy ${r.id} ${reason}`))
      .on('createError', (e) => log.push(`createError ${(e as Error).message}`))
      .on('stats-changed', onStats);
    const lease = await pool.acquire();
    lease.release();
    (await pool.acquire()).destroy('test');
    fail = true;
    await pool.acquire().catch(() => undefined);
    expect(log).toEqual(['create 7', 'acquire 7 0', 'release 7', 'acquire 7 0', 'destroy 7 test', 'createError nope']);
    expect(statsChanged).toBeGreaterThan(0);
    const before = statsChanged;
    pool.off('stats-changed', onStats);
    await pool.close();
    expect(statsChanged).toBe(before);
  });

  it('reports the measured wait on the acquire event', async () => {
    const pool = makePool(makeFactory(), { max: 1 });
    const waits: number[] = [];
    pool.on('acquire', (_r, ms) => waits.push(ms));
    const held = await pool.acquire();
    const waiting = pool.acquire();
    await vi.advanceTimersByTimeAsync(250);
    held.release();
    await flush();
    (await waiting).release();
    expect(waits).toEqual([0, 250]);
    await pool.close();
  });
});
