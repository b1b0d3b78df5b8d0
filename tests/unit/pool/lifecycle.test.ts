// Resource lifecycle knobs: each one is exercised, because a knob that silently does nothing is the
// classic pool bug (generic-pool #178): idle eviction, jittered max lifetime, maxUses, min refill, prewarm.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFactory, makePool } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool lifecycle', () => {
  it('keeps idle resources LIFO: the most recently returned is lent first', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3 });
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    b!.release();
    c!.release();
    a!.release(); // idle stack bottom -> top: 2, 3, 1
    const leases = [await pool.acquire(), await pool.acquire(), await pool.acquire()];
    expect(leases.map((l) => l.resource.id)).toEqual([1, 3, 2]);
    for (const l of leases) l.release();
    await pool.close();
  });

  it('evicts idle resources above min after idleTimeoutMs, coldest first', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3, min: 1, idleTimeoutMs: 10_000, housekeepingIntervalMs: 1_000 });
    const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const l of leases) l.release(); // 1 is coldest, 3 hottest
    await vi.advanceTimersByTimeAsync(9_000);
    expect(pool.stats().idle).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.destroyed.map((r) => r.id)).toEqual([1, 2]);
    expect(pool.stats()).toMatchObject({ size: 1, idle: 1 });
    // min is a floor: the last one stays however long it idles.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pool.stats().size).toBe(1);
    const last = await pool.acquire();
    expect(last.resource.id).toBe(3);
    last.release();
    await pool.close();
  });

  it('a resource used recently is not evicted even when it was created long ago', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1, idleTimeoutMs: 5_000, housekeepingIntervalMs: 1_000 });
    for (let i = 0; i < 5; i++) {
      (await pool.acquire()).release();
      await vi.advanceTimersByTimeAsync(3_000);
    }
    expect(f.destroyed).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(f.destroyed).toHaveLength(1);
    await pool.close();
  });

  it('retires resources after a jittered max lifetime, only while idle', async () => {
    const draws = [0, 1]; // resource 1 lives the full 10 s; resource 2 is shortened by the full 10 % jitter
    const f = makeFactory();
    const pool = makePool(f, {
      max: 2,
      maxLifetimeMs: 10_000,
      lifetimeJitter: 0.1,
      idleTimeoutMs: Infinity,
      housekeepingIntervalMs: 100,
      random: () => draws.shift() ?? 0,
    });
    const reasons: string[] = [];
    pool.on('destroy', (r, reason) => reasons.push(`${r.id}:${reason}`));
    const [one, two] = await Promise.all([pool.acquire(), pool.acquire()]);
    two!.release();
    await vi.advanceTimersByTimeAsync(8_900);
    expect(reasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(100); // t = 9 000: resource 2 (idle) expires
    expect(reasons).toEqual(['2:lifetime']);
    await vi.advanceTimersByTimeAsync(5_000); // resource 1 is past its lifetime but in use: never retired mid-call
    expect(reasons).toEqual(['2:lifetime']);
    expect(pool.stats().inUse).toBe(1);
    one!.release();
    expect(reasons).toEqual(['2:lifetime', '1:lifetime']);
    expect(pool.stats().size).toBe(0);
    await pool.close();
  });

  it('checks lifetime on borrow too, so an expired idle resource is never lent between housekeeping runs', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1, maxLifetimeMs: 1_000, lifetimeJitter: 0, housekeepingIntervalMs: 60_000 });
    (await pool.acquire()).release();
    vi.setSystemTime(Date.now() + 1_000); // the clock moves; no timer runs
    const lease = await pool.acquire();
    expect(lease.resource.id).toBe(2);
    expect(f.destroyed.map((r) => r.id)).toEqual([1]);
    lease.release();
    await pool.close();
  });

  it('recycles a resource after maxUses borrows', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1, maxUses: 3 });
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const lease = await pool.acquire();
      ids.push(lease.resource.id);
      lease.release();
    }
    expect(ids).toEqual([1, 1, 1, 2, 2, 2, 3]);
    expect(f.destroyed.map((r) => r.id)).toEqual([1, 2]);
    await pool.close();
  });

  it('refills to min in the housekeeper, also after a destroy, but not while draining', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 4, min: 2, housekeepingIntervalMs: 1_000 });
    expect(f.createCalls).toBe(0); // nothing is made at construction; the housekeeper warms up
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pool.stats()).toMatchObject({ size: 2, idle: 2 });
    (await pool.acquire()).destroy();
    expect(pool.stats().size).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pool.stats().size).toBe(2);
    await pool.drain();
    pool.markAllForRetirement(); // destroys the idle ones; nothing refills them while draining
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pool.stats().size).toBe(0);
    expect(f.createCalls).toBe(3);
    await pool.close();
  });

  it('refill respects the create backoff', async () => {
    let calls = 0;
    const pool = makePool(makeFactory(), {
      max: 2,
      min: 2,
      housekeepingIntervalMs: 100,
      createBackoff: { baseMs: 1_000, maxMs: 1_000 },
      create: async () => {
        calls++;
        throw new Error('offline');
      },
    });
    await vi.advanceTimersByTimeAsync(5_050);
    // The first tick starts two creates; after they fail, one probe per 1 s backoff.
    expect(calls).toBeLessThanOrEqual(2 + 5);
    expect(calls).toBeGreaterThanOrEqual(2 + 4);
    await pool.close();
  });

  it('prewarm() creates min resources in parallel and leaves them idle', async () => {
    const f = makeFactory('manual');
    const pool = makePool(f, { max: 4, min: 3 });
    const warmed = pool.prewarm();
    expect(f.createCalls).toBe(3);
    for (const p of f.pending) p.resolve();
    await warmed;
    expect(pool.stats()).toMatchObject({ size: 3, idle: 3, inUse: 0, created: 3 });
    const more = pool.prewarm(4);
    expect(f.createCalls).toBe(4); // tops up to the requested count; never beyond max
    f.pending[3]!.resolve();
    await more;
    await pool.prewarm(10);
    expect(f.createCalls).toBe(4);
    await pool.close();
  });

  it('prewarm() rejects with the create error', async () => {
    const pool = makePool(makeFactory(), {
      max: 2,
      create: () => Promise.reject(new Error('401 Unauthorized')),
    });
    await expect(pool.prewarm(2)).rejects.toThrow('401 Unauthorized');
    expect(pool.stats()).toMatchObject({ size: 0, createFailures: 2 });
    await pool.close();
  });

  it('markAllForRetirement() destroys idle resources now and in-use ones on release', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3 });
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    a!.release();
    b!.release();
    pool.markAllForRetirement();
    expect(f.destroyed.map((r) => r.id).sort()).toEqual([1, 2]);
    c!.release();
    expect(f.destroyed.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    const fresh = await pool.acquire();
    expect(fresh.resource.id).toBe(4);
    fresh.release();
    await pool.close();
  });
});
