// A broken or hanging factory must neither hang borrowers nor spin: errors reach the oldest waiter,
// later creates wait out a jittered backoff, and a hung create is cut off by createTimeoutMs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AcquireTimeoutError, CreateTimeoutError, Pool, PoolClosedError } from '../../../electron/main/core/pool';
import { flush, makeFactory, makePool, track } from './helpers';
import type { Res } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function failingPool(options: Partial<ConstructorParameters<typeof Pool<Res>>[0]> = {}) {
  const callTimes: number[] = [];
  const errors: unknown[] = [];
  const pool = new Pool<Res>({
    create: () => {
      callTimes.push(Date.now());
      return Promise.reject(new Error(`refused #${callTimes.length}`));
    },
    destroy: () => {},
    max: 8,
    now: () => Date.now(),
    random: () => 0.5,
    ...options,
  });
  pool.on('createError', (e) => errors.push(e));
  return { pool, callTimes, errors };
}

describe('Pool create failures', () => {
  it('rejects the waiter with the create error instead of hanging', async () => {
    const { pool, errors } = failingPool({ max: 1 });
    const error = await pool.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('refused #1');
    expect(errors).toEqual([error]);
    expect(pool.stats()).toMatchObject({ size: 0, pendingCreates: 0, waiters: 0, createFailures: 1 });
    await pool.close();
  });

  it('rejects the oldest waiter when a create fails, and serves the rest from later creates', async () => {
    let fail = true;
    const pool = makePool(makeFactory(), {
      max: 1,
      create: async () => {
        if (fail) throw new Error('down');
        return { id: 99, broken: false };
      },
    });
    const first = track(pool.acquire());
    const second = track(pool.acquire());
    await flush();
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('pending');
    fail = false;
    await vi.advanceTimersByTimeAsync(100); // the backoff floor (baseMs) has passed; one retry
    expect(second.status).toBe('fulfilled');
    expect(second.value?.resource.id).toBe(99);
    second.value!.release();
    await pool.close();
  });

  it('does not spin: 50 acquires against an always-failing factory make a bounded number of spaced creates and all settle', async () => {
    const { pool, callTimes } = failingPool({
      max: 8,
      acquireTimeoutMs: 5_000,
      createBackoff: { baseMs: 100, maxMs: 1_000 },
    });
    const t0 = Date.now();
    const outcomes = Array.from({ length: 50 }, () => track(pool.acquire()));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    // A burst of up to max parallel creates at first, then one attempt at a time, each at least baseMs apart.
    const burst = callTimes.filter((t) => t === t0).length;
    expect(burst).toBe(8);
    const gaps = callTimes.slice(burst).map((t, i) => t - (callTimes[burst + i - 1] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    // random 0.5 with a 1 s ceiling; the 8 parallel failures are one wave (create-gate.ts): retries
    // after 100, 150, 250, 450, then every 550 ms -> 11 in 5 s.
    expect(callTimes.length).toBe(8 + 11);
    const createErrors = outcomes.filter((o) => !(o.error instanceof AcquireTimeoutError));
    const timeouts = outcomes.filter((o) => o.error instanceof AcquireTimeoutError);
    expect(createErrors).toHaveLength(19); // each failed create rejected one waiter with its own error
    expect(timeouts).toHaveLength(31);
    // The timeouts carry the create error as the cause, so the UI can say "the engine is failing", not "busy".
    expect(((timeouts[0]!.error as AcquireTimeoutError).cause as Error).message).toMatch(/^refused/);
    expect(pool.stats()).toMatchObject({ createFailures: 19, acquireTimeouts: 31, waiters: 0, pendingCreates: 0 });
    await pool.close();
  });

  it('backs off exponentially with jitter between consecutive failures, up to maxMs', async () => {
    const { pool, callTimes } = failingPool({
      max: 1,
      acquireTimeoutMs: Infinity,
      createBackoff: { baseMs: 100, maxMs: 800 },
      random: () => 1, // the ceiling each time, to read the exponential growth directly
    });
    const outcomes = Array.from({ length: 6 }, () => track(pool.acquire()));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    const gaps = callTimes.slice(1).map((t, i) => t - callTimes[i]!);
    expect(gaps).toEqual([100, 200, 400, 800, 800]);
    await pool.close();
  });

  // A gateway refusing every upgrade while its rate window is full refuses a whole pool's creates at
  // once; counted one by one they pushed the next attempt to the backoff's cap (a second) although
  // the window cleared in less (issue 9, gateway form).
  it('creates that were in flight together and fail together count as one failure for the backoff', async () => {
    const { pool, callTimes } = failingPool({
      max: 8,
      acquireTimeoutMs: Infinity,
      createBackoff: { baseMs: 100, maxMs: 1_000 },
      random: () => 1, // the ceiling each time
      create: () => {
        callTimes.push(Date.now());
        // Each create is refused after its connect time: 50 ms for the first 8, in parallel.
        return new Promise<Res>((_, reject) => setTimeout(() => reject(new Error('HTTP 429')), 50));
      },
    });
    const outcomes = Array.from({ length: 8 }, () => track(pool.acquire()));
    await vi.advanceTimersByTimeAsync(50);
    expect(callTimes).toHaveLength(8);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    const more = Array.from({ length: 3 }, () => track(pool.acquire()));
    await vi.advanceTimersByTimeAsync(2_000);
    // One wave -> the first backoff (baseMs); counting 8 failures it was the 1 s cap.
    expect(callTimes[8]! - callTimes[0]! - 50).toBe(100);
    // The probes after it fail on their own: each one counts (200, then 400 ms at the ceiling).
    expect(callTimes.slice(9, 11).map((t, i) => t - callTimes[8 + i]! - 50)).toEqual([200, 400]);
    expect(more.every((o) => o.status === 'rejected')).toBe(true);
    await pool.close();
  });

  it('a success resets the backoff and creates fan out in parallel again', async () => {
    let fail = true;
    let calls = 0;
    const pool = makePool(makeFactory(), {
      max: 3,
      create: async () => {
        calls++;
        if (fail) throw new Error('down');
        return { id: calls, broken: false };
      },
    });
    await pool.acquire().catch(() => undefined);
    fail = false;
    const leases = [track(pool.acquire()), track(pool.acquire()), track(pool.acquire())];
    await flush();
    expect(calls).toBe(1); // still backing off: no create yet
    await vi.advanceTimersByTimeAsync(100);
    await flush();
    expect(leases.map((l) => l.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(calls).toBe(4); // one probe, then the other two together
    for (const l of leases) l.value!.release();
    await pool.close();
  });

  it('bounds a hanging factory by createTimeoutMs, aborts its signal, and destroys a late result', async () => {
    const f = makeFactory('manual');
    const pool = makePool(f, { max: 1, createTimeoutMs: 1_000, acquireTimeoutMs: 10_000 });
    const waiting = track(pool.acquire());
    await vi.advanceTimersByTimeAsync(999);
    expect(waiting.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.error).toBeInstanceOf(CreateTimeoutError);
    expect(f.signals[0]!.aborted).toBe(true);
    expect(f.signals[0]!.reason).toBeInstanceOf(CreateTimeoutError);
    expect(pool.stats()).toMatchObject({ pendingCreates: 0, size: 0, createFailures: 1 });
    const late = f.pending[0]!.resolve();
    await flush();
    expect(f.destroyed).toEqual([late]);
    expect(pool.stats()).toMatchObject({ size: 0, idle: 0 });
    await pool.close();
  });

  it('treats a factory that throws synchronously like one that rejects', async () => {
    const pool = makePool(makeFactory(), {
      max: 1,
      create: () => {
        throw new Error('sync boom');
      },
    });
    await expect(pool.acquire()).rejects.toThrow('sync boom');
    await pool.close();
  });

  it('drain aborts creates in flight without counting them as failures', async () => {
    const f = makeFactory('manual');
    const pool = makePool(f, { max: 2 });
    const waiting = track(pool.acquire());
    await flush();
    const drained = pool.drain();
    await flush();
    expect(waiting.error).toBeInstanceOf(PoolClosedError);
    expect(f.signals[0]!.reason).toBeInstanceOf(PoolClosedError);
    await drained;
    expect(pool.stats()).toMatchObject({ pendingCreates: 0, createFailures: 0 });
    await pool.close();
  });
});

describe('Pool create timeout with real timers', () => {
  it('rejects the waiter after createTimeoutMs', async () => {
    vi.useRealTimers();
    const pool = new Pool<Res>({
      create: () => new Promise<Res>(() => {}),
      destroy: () => {},
      max: 1,
      createTimeoutMs: 20,
    });
    await expect(pool.acquire()).rejects.toBeInstanceOf(CreateTimeoutError);
    await pool.close();
  });
});
