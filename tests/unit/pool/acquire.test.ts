// Waiting: hand-off without polling, FIFO per priority, timeouts and aborts that never leak a resource,
// and creates started only for demand that no create in flight will meet.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AcquireTimeoutError, PoolClosedError } from '../../../electron/main/core/pool';
import { flush, makeFactory, makePool, track } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pool.acquire waiting', () => {
  it('hands a released resource to a waiter without any timer firing (no polling)', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1, acquireTimeoutMs: Infinity, housekeepingIntervalMs: 60_000 });
    const lease = await pool.acquire();
    const waiting = track(pool.acquire());
    await flush();
    expect(waiting.status).toBe('pending');
    // Only the housekeeper exists: the waiter has no timer of its own to poll with.
    expect(vi.getTimerCount()).toBe(1);
    lease.release();
    await flush(); // microtasks only; the clock has not moved
    expect(waiting.status).toBe('fulfilled');
    expect(waiting.value?.resource).toBe(lease.resource);
    expect(f.createCalls).toBe(1);
    waiting.value!.release();
    await pool.close();
  });

  it('serves waiters in arrival order, high priority first', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const first = await pool.acquire();
    const order: string[] = [];
    const names = ['n1', 'n2', 'h1', 'n3', 'h2'] as const;
    const leases = names.map((name) =>
      pool.acquire({ priority: name.startsWith('h') ? 'high' : 'normal' }).then((l) => {
        order.push(name);
        return l;
      }),
    );
    await flush();
    first.release();
    for (const name of ['h1', 'h2', 'n1', 'n2', 'n3']) {
      await flush();
      const index = names.indexOf(name as (typeof names)[number]);
      (await leases[index]!).release();
    }
    expect(order).toEqual(['h1', 'h2', 'n1', 'n2', 'n3']);
    await pool.close();
  });

  it('rejects a timed-out waiter with AcquireTimeoutError, removes it, and gives the resource to the next waiter', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const lease = await pool.acquire();
    const timedOut = track(pool.acquire({ timeoutMs: 100 }));
    const patient = track(pool.acquire({ timeoutMs: 10_000 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(timedOut.status).toBe('rejected');
    expect(timedOut.error).toBeInstanceOf(AcquireTimeoutError);
    expect(pool.stats()).toMatchObject({ waiters: 1, acquireTimeouts: 1 });
    lease.release();
    await flush();
    expect(patient.status).toBe('fulfilled');
    expect(patient.value?.resource.id).toBe(1);
    expect(pool.stats()).toMatchObject({ waiters: 0, inUse: 1, idle: 0 });
    patient.value!.release();
    await pool.close();
  });

  it('times out each waiter at its own deadline, even when a later waiter has a shorter one', async () => {
    const pool = makePool(makeFactory(), { max: 1 });
    const lease = await pool.acquire();
    const slow = track(pool.acquire({ timeoutMs: 1_000 }));
    const fast = track(pool.acquire({ timeoutMs: 100 }));
    const forever = track(pool.acquire({ timeoutMs: Infinity }));
    await vi.advanceTimersByTimeAsync(100);
    expect([slow.status, fast.status]).toEqual(['pending', 'rejected']);
    await vi.advanceTimersByTimeAsync(899);
    expect(slow.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.error).toBeInstanceOf(AcquireTimeoutError);
    expect((slow.error as AcquireTimeoutError).timeoutMs).toBe(1_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(forever.status).toBe('pending');
    lease.release();
    await flush();
    expect(forever.status).toBe('fulfilled');
    forever.value!.release();
    await pool.close();
  });

  it('leaves no acquire timer behind once the queue is empty (an idle pool must not hold the process open)', async () => {
    const pool = makePool(makeFactory(), { max: 1 });
    const lease = await pool.acquire();
    const waiting = track(pool.acquire({ timeoutMs: 30_000 }));
    await flush();
    expect(vi.getTimerCount()).toBe(2); // housekeeper + the one shared deadline timer
    lease.release();
    await flush();
    expect(waiting.status).toBe('fulfilled');
    expect(vi.getTimerCount()).toBe(1); // housekeeper only (and it is unref()'d)
    waiting.value!.release();
    await pool.close();
  });

  it('uses the pool-wide acquireTimeoutMs by default', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1, acquireTimeoutMs: 500 });
    const lease = await pool.acquire();
    const waiting = track(pool.acquire());
    await vi.advanceTimersByTimeAsync(499);
    expect(waiting.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.error).toBeInstanceOf(AcquireTimeoutError);
    lease.release();
    await pool.close();
  });

  it('rejects an aborted waiter with the signal reason and never hands it a resource later', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 1 });
    const lease = await pool.acquire();
    const controller = new AbortController();
    const aborted = track(pool.acquire({ signal: controller.signal }));
    await flush();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await flush();
    expect(aborted.status).toBe('rejected');
    expect(aborted.error).toBe(reason);
    expect(pool.stats().waiters).toBe(0);
    lease.release();
    await flush();
    // Nobody is waiting, so the resource went back to idle instead of to the aborted caller.
    expect(pool.stats()).toMatchObject({ idle: 1, inUse: 0 });
    await pool.close();
  });

  it('rejects with an AbortError when the signal is already aborted without a reason', async () => {
    const pool = makePool(makeFactory(), { max: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(pool.acquire({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.stats().borrowed).toBe(0);
    await pool.close();
  });

  it('starts creates only while waiters outnumber pending creates, and never past max', async () => {
    const f = makeFactory('manual');
    const pool = makePool(f, { max: 3 });
    const a = track(pool.acquire());
    const b = track(pool.acquire());
    expect(f.createCalls).toBe(2);
    const c = track(pool.acquire());
    const d = track(pool.acquire());
    const e = track(pool.acquire());
    expect(f.createCalls).toBe(3); // capped by max
    expect(pool.stats()).toMatchObject({ pendingCreates: 3, waiters: 5 });
    f.pending[0]!.resolve();
    await flush();
    expect(a.status).toBe('fulfilled'); // the oldest waiter gets the first resource, whichever create made it
    expect(f.createCalls).toBe(3);
    // The lease comes back while two creates are still pending for the three waiters left: it goes
    // straight to b, and no extra create starts (waiters 2 = pending creates 2).
    a.value!.release();
    await flush();
    expect(b.status).toBe('fulfilled');
    expect(f.createCalls).toBe(3);
    f.pending[1]!.resolve();
    f.pending[2]!.resolve();
    await flush();
    expect([c.status, d.status, e.status]).toEqual(['fulfilled', 'fulfilled', 'pending']);
    const closed = pool.close();
    await flush();
    expect(e.error).toBeInstanceOf(PoolClosedError);
    for (const held of [b, c, d]) held.value!.release();
    await closed;
    expect(f.destroyed).toHaveLength(3);
  });

  it('does not create when an idle resource can serve the caller (fast path, LIFO)', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3 });
    const leases = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    for (const l of leases) l.release(); // released 1, 2, 3: 3 is the hottest
    const again = await pool.acquire();
    expect(again.resource.id).toBe(3);
    expect(f.createCalls).toBe(3);
    again.release();
    await pool.close();
  });
});

describe('Pool.acquire with real timers', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('times out for real and keeps counting', async () => {
    const pool = makePool(makeFactory(), { max: 1, now: undefined });
    const lease = await pool.acquire();
    const started = Date.now();
    await expect(pool.acquire({ timeoutMs: 20 })).rejects.toBeInstanceOf(AcquireTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    lease.release();
    expect(pool.stats()).toMatchObject({ acquireTimeouts: 1, idle: 1, waiters: 0 });
    await pool.close();
  });

  it('bounds concurrency to max under many concurrent use() calls, and every call completes', async () => {
    const f = makeFactory();
    const pool = makePool(f, { max: 3, now: undefined });
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pool.use(async (r) => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 1 + (i % 3)));
          active--;
          return r.id;
        }),
      ),
    );
    expect(results).toHaveLength(30);
    expect(peak).toBe(3);
    expect(f.createCalls).toBe(3);
    expect(pool.stats()).toMatchObject({ size: 3, idle: 3, borrowed: 30, waiters: 0 });
    await pool.close();
    expect(f.destroyed).toHaveLength(3);
  });
});
