// Shutdown: drain stops borrowing and waits for leases; close destroys everything, bounded, idempotent,
// and is safe while resources are still out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pool, PoolClosedError } from '../../../electron/main/core/pool';
import { flush, makeFactory, makePool, track } from './helpers';
import type { Res } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool.drain', () => {
  it('rejects waiters and new acquires, resolves once every lease is back, and keeps resources', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const lease = await pool.acquire();
    const waiter = track(pool.acquire());
    const drained = track(pool.drain());
    await flush();
    expect(waiter.error).toBeInstanceOf(PoolClosedError);
    await expect(pool.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    expect(drained.status).toBe('pending');
    expect(pool.stats()).toMatchObject({ draining: true, closed: false, waiters: 0 });
    lease.release();
    await flush();
    expect(drained.status).toBe('fulfilled');
    expect(f.destroyed).toHaveLength(0); // drain only stops borrowing; close destroys
    expect(pool.stats()).toMatchObject({ idle: 1, inUse: 0 });
    await pool.close();
    expect(f.destroyed).toHaveLength(1);
  });

  it('is idempotent: the same promise every time', async () => {
    const pool = makePool(makeFactory());
    const first = pool.drain();
    expect(pool.drain()).toBe(first);
    await first;
    await pool.close();
  });
});

describe('Pool.close', () => {
  it('destroys idle resources at once, in-use ones when released, then resolves', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 2 });
    const reasons: string[] = [];
    pool.on('destroy', (r, reason) => reasons.push(`${r.id}:${reason}`));
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    a!.release();
    const closed = track(pool.close());
    await flush();
    expect(reasons).toEqual(['1:closed']);
    expect(closed.status).toBe('pending');
    b!.release(); // an outstanding lease can still be returned after close()
    await flush();
    expect(reasons).toEqual(['1:closed', '2:closed']);
    expect(closed.status).toBe('fulfilled');
    expect(pool.stats()).toMatchObject({ size: 0, closed: true, draining: true, destroyed: 2 });
  });

  it('is idempotent (same promise) and acquire after close rejects with PoolClosedError', async () => {
    const f = makeFactory();
    const pool = makePool(f);
    (await pool.acquire()).release();
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
    await pool.close();
    expect(f.destroyed).toHaveLength(1);
    await expect(pool.acquire()).rejects.toBeInstanceOf(PoolClosedError);
    await expect(pool.use(async () => 1)).rejects.toBeInstanceOf(PoolClosedError);
    await expect(pool.prewarm(1)).rejects.toBeInstanceOf(PoolClosedError);
  });

  it('with deadlineMs, destroys resources still in use after the deadline; their leases become no-ops', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 2 });
    const reasons: string[] = [];
    pool.on('destroy', (r, reason) => reasons.push(`${r.id}:${reason}`));
    const stuck = await pool.acquire();
    const closed = track(pool.close({ deadlineMs: 2_000 }));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(closed.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(closed.status).toBe('fulfilled');
    expect(reasons).toEqual(['1:close-deadline']);
    stuck.release();
    stuck.destroy();
    expect(f.destroyed).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ size: 0, inUse: 0, destroyed: 1 });
  });

  it('bounds each destroy by destroyTimeoutMs, so a hung destroy cannot hang close()', async () => {
    const errors: unknown[] = [];
    const pool = new Pool<Res>({
      create: async () => ({ id: 1, broken: false }),
      destroy: () => new Promise<void>(() => {}),
      max: 1,
      destroyTimeoutMs: 500,
    });
    pool.on('destroyError', (e) => errors.push(e));
    (await pool.acquire()).release();
    const closed = track(pool.close());
    await vi.advanceTimersByTimeAsync(499);
    expect(closed.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(closed.status).toBe('fulfilled');
    expect(String(errors[0])).toMatch(/500 ms/);
  });

  it('waits for destroys in flight before resolving', async () => {
    let finishDestroy = (): void => {};
    const pool = new Pool<Res>({
      create: async () => ({ id: 1, broken: false }),
      destroy: () => new Promise<void>((resolve) => (finishDestroy = resolve)),
      max: 1,
    });
    (await pool.acquire()).release();
    const closed = track(pool.close());
    await flush();
    expect(closed.status).toBe('pending');
    finishDestroy();
    await flush();
    expect(closed.status).toBe('fulfilled');
  });

  it('stops the housekeeper: no refill after close', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 2, min: 2, housekeepingIntervalMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect(f.createCalls).toBe(2);
    await pool.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.createCalls).toBe(2);
    expect(vi.getTimerCount()).toBe(0); // nothing left behind
  });
});

describe('Pool.close with real timers', () => {
  it('closes a busy pool whose borrowers finish shortly after', async () => {
    vi.useRealTimers();
    const f = makeFactory();
    const pool = makePool(f, { max: 4, now: undefined });
    const work = Array.from({ length: 4 }, () => pool.use(() => new Promise<number>((resolve) => setTimeout(() => resolve(1), 10))));
    await flush();
    expect(pool.stats().inUse).toBe(4);
    await pool.close();
    expect(await Promise.all(work)).toEqual([1, 1, 1, 1]);
    expect(f.destroyed).toHaveLength(4);
    expect(pool.stats()).toMatchObject({ size: 0, inUse: 0 });
  });
});
