// Runtime resizing (adaptive concurrency, learned connection cap).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush, makeFactory, makePool, track } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool.setMax', () => {
  it('shrinking destroys idle surplus now and in-use surplus on release', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 4 });
    const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]);
    leases[0]!.release();
    leases[1]!.release(); // idle: 1, 2; in use: 3, 4
    pool.setMax(1);
    expect(pool.max).toBe(1);
    expect(f.destroyed.map((r) => r.id).sort()).toEqual([1, 2]);
    expect(pool.stats()).toMatchObject({ size: 2, inUse: 2, idle: 0, max: 1 });
    leases[2]!.release(); // still over max: destroyed
    expect(f.destroyed.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    leases[3]!.release(); // within max: kept
    expect(pool.stats()).toMatchObject({ size: 1, idle: 1 });
    // And the pool now never grows past 1.
    const one = await pool.acquire();
    const two = track(pool.acquire());
    await flush();
    expect(two.status).toBe('pending');
    expect(f.createCalls).toBe(4);
    one.release();
    await flush();
    expect(two.status).toBe('fulfilled');
    two.value!.release();
    await pool.close();
  });

  it('growing starts creates for waiters at once', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const held = await pool.acquire();
    const waiting = [track(pool.acquire()), track(pool.acquire()), track(pool.acquire())];
    await flush();
    expect(waiting.map((w) => w.status)).toEqual(['pending', 'pending', 'pending']);
    pool.setMax(3);
    await flush();
    expect(waiting.map((w) => w.status)).toEqual(['fulfilled', 'fulfilled', 'pending']);
    expect(pool.stats()).toMatchObject({ size: 3, max: 3, waiters: 1 });
    held.release();
    await flush();
    expect(waiting[2]!.status).toBe('fulfilled');
    for (const w of waiting) w.value!.release();
    await pool.close();
  });

  it('a create that completes after a shrink is not kept beyond max', async () => {
    const f = makeFactory('manual');
    const pool = makePool(f, { max: 2 });
    const first = track(pool.acquire());
    const second = track(pool.acquire());
    expect(f.createCalls).toBe(2);
    f.pending[0]!.resolve();
    await flush();
    pool.setMax(1);
    f.pending[1]!.resolve(); // the pool is already full at the new max
    await flush();
    expect(f.destroyed.map((r) => r.id)).toEqual([2]);
    expect(pool.stats()).toMatchObject({ size: 1, inUse: 1, waiters: 1 });
    first.value!.release();
    await flush();
    expect(second.value?.resource.id).toBe(1);
    second.value!.release();
    await pool.close();
  });

  it('min is clamped to max, and invalid sizes throw', async () => {
    const pool = makePool(makeFactory(), { max: 3, min: 2 });
    pool.setMax(1);
    expect(pool.stats().min).toBe(1);
    expect(() => pool.setMax(0)).toThrow(RangeError);
    expect(() => pool.setMax(1.5)).toThrow(RangeError);
    expect(() => makePool(makeFactory(), { max: 0 })).toThrow(RangeError);
    expect(() => makePool(makeFactory(), { max: 1, min: 2 })).toThrow(RangeError);
    await pool.close();
  });
});
