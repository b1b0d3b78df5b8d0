// Broken resources are destroyed, never handed out again, and their slot is freed for a new one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush, makeFactory, makePool } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool broken resources', () => {
  it('lease.destroy() destroys the resource, frees the slot, and the next borrower gets a new one', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const reasons: string[] = [];
    pool.on('destroy', (_r, reason) => reasons.push(reason));
    const lease = await pool.acquire();
    lease.destroy('socket reset');
    expect(f.destroyed.map((r) => r.id)).toEqual([1]);
    expect(reasons).toEqual(['socket reset']);
    expect(pool.stats()).toMatchObject({ size: 0, inUse: 0, idle: 0, destroyed: 1 });
    const next = await pool.acquire();
    expect(next.resource.id).toBe(2);
    next.release();
    await pool.close();
  });

  it('a destroy hands the freed slot to a waiter by creating a replacement', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const lease = await pool.acquire();
    const waiting = pool.acquire();
    lease.destroy();
    const next = await waiting;
    expect(next.resource.id).toBe(2);
    next.release();
    await pool.close();
  });

  it('validate() = false on borrow destroys the resource and tries the next one', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3, validate: (r) => !r.broken });
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    a!.release();
    b!.release(); // idle stack: [1, 2]; 2 is on top
    f.created[1]!.broken = true;
    const lease = await pool.acquire();
    expect(lease.resource.id).toBe(1);
    expect(f.destroyed.map((r) => r.id)).toEqual([2]);
    // Both idle ones broken: both are destroyed and a fresh one is created.
    lease.release();
    f.created[0]!.broken = true;
    const fresh = await pool.acquire();
    expect(fresh.resource.id).toBe(3);
    expect(f.destroyed.map((r) => r.id)).toEqual([2, 1]);
    expect(pool.stats()).toMatchObject({ size: 1, inUse: 1, created: 3, destroyed: 2 });
    fresh.release();
    await pool.close();
  });

  it('a validate() that throws counts as invalid', async () => {
    const f = makeFactory();
    const pool = makePool(f, {
      max: 1,
      validate: (r) => {
        if (r.id === 1) throw new Error('disposed');
        return true;
      },
    });
    (await pool.acquire()).release(); // a just-created resource is validated too: 1 is thrown away, 2 is handed out
    expect(f.destroyed.map((r) => r.id)).toEqual([1]);
    expect(pool.stats()).toMatchObject({ size: 1, idle: 1, created: 2 });
    await pool.close();
  });

  it('release and destroy are once-only: later calls on the same lease are no-ops', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 2 });
    const lease = await pool.acquire();
    lease.release();
    lease.release();
    lease.destroy();
    expect(pool.stats()).toMatchObject({ idle: 1, inUse: 0, destroyed: 0 });
    // The resource is lent again; the stale lease must not be able to return it under the new borrower.
    const second = await pool.acquire();
    expect(second.resource).toBe(lease.resource);
    lease.release();
    lease.destroy();
    expect(pool.stats()).toMatchObject({ idle: 0, inUse: 1, destroyed: 0 });
    second.destroy();
    second.release();
    expect(pool.stats()).toMatchObject({ size: 0, destroyed: 1 });
    await pool.close();
  });

  it('use() releases on success and destroys on any error by default', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    expect(await pool.use(async (r) => r.id * 10)).toBe(10);
    expect(pool.stats()).toMatchObject({ idle: 1, destroyed: 0 });
    await expect(
      pool.use(async () => {
        throw new Error('synthesis failed');
      }),
    ).rejects.toThrow('synthesis failed');
    expect(f.destroyed.map((r) => r.id)).toEqual([1]);
    expect(await pool.use(async (r) => r.id)).toBe(2);
    await pool.close();
  });

  it('use() keeps the resource when isBroken() says the error is not its fault', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const isBroken = (e: unknown): boolean => !(e instanceof RangeError);
    await expect(
      pool.use(
        async () => {
          throw new RangeError('bad SSML');
        },
        { isBroken },
      ),
    ).rejects.toBeInstanceOf(RangeError);
    expect(pool.stats()).toMatchObject({ idle: 1, destroyed: 0 });
    await expect(
      pool.use(
        async () => {
          throw new Error('socket closed');
        },
        { isBroken },
      ),
    ).rejects.toThrow('socket closed');
    expect(pool.stats()).toMatchObject({ size: 0, destroyed: 1 });
    await pool.close();
  });

  it('use() passes the caller signal through to the callback', async () => {
    const pool = makePool(makeFactory(), { max: 1 });
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    await pool.use(
      async (_r, signal) => {
        seen = signal;
      },
      { signal: controller.signal },
    );
    expect(seen).toBe(controller.signal);
    await pool.close();
  });

  it('a destroy() that throws or rejects is reported, and the slot is still freed', async () => {
    const f = makeFactory();
    const errors: unknown[] = [];
    const pool = makePool(f, {
      max: 1,
      destroy: (r) => (r.id === 1 ? Promise.reject(new Error('already closed')) : undefined),
    });
    pool.on('destroyError', (e) => errors.push(e));
    (await pool.acquire()).destroy();
    await flush();
    expect(errors).toHaveLength(1);
    expect(pool.stats().size).toBe(0);
    const next = await pool.acquire();
    expect(next.resource.id).toBe(2);
    next.release();
    await pool.close();
  });
});
