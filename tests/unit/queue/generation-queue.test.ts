import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { GenerationQueue, type Commit, type ItemEvent } from '../../../electron/main/core/queue/generation-queue';
import { SynthesisError, type SynthesisErrorKind } from '../../../electron/main/core/engines/synthesis-error';
import { describeRenderError } from '../../../electron/main/core/engines/describe-error';

interface Job {
  id: string;
}

const jobs = (count: number): Job[] => Array.from({ length: count }, (_, i) => ({ id: `j${i}` }));
const FAST_RETRY = { retryBaseMs: 5, retryCapMs: 20, throttleBaseMs: 10, throttleCapMs: 40, outageBaseMs: 50, outageCapMs: 100 };

function makeQueue(
  execute: (job: Job, signal: AbortSignal) => Promise<void | Commit>,
  maxConcurrency = 4,
  extra: Partial<ConstructorParameters<typeof GenerationQueue<Job>>[0]> = {},
) {
  const queue = new GenerationQueue<Job>({ execute, describeError: describeRenderError, maxConcurrency, retry: FAST_RETRY, ...extra });
  const events: ItemEvent[] = [];
  queue.on('item', (event) => events.push(event));
  return { queue, events };
}

describe('GenerationQueue', () => {
  it('never runs more renders at once than the limit, and finishes them all', async () => {
    let inFlight = 0;
    let peak = 0;
    const { queue } = makeQueue(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(2);
      inFlight--;
    }, 3);
    queue.enqueue(jobs(30));
    const outcome = await queue.run();
    expect(outcome.state).toBe('finished');
    expect(peak).toBe(3);
    expect(queue.snapshot().progress).toMatchObject({ total: 30, done: 30, failed: 0, remaining: 0 });
  });

  it('starts no new render while paused, and resumes where it left off', async () => {
    const started: string[] = [];
    const { queue } = makeQueue(async (job) => {
      started.push(job.id);
      await sleep(10);
    }, 2);
    queue.enqueue(jobs(10));
    const done = queue.run();
    await sleep(15);
    queue.pause();
    const atPause = started.length;
    await sleep(60);
    expect(started.length).toBe(atPause);
    expect(queue.state).toBe('paused');
    queue.resume();
    expect((await done).state).toBe('finished');
    expect(new Set(started).size).toBe(10);
  });

  it('cancels: aborts renders in flight and never starts the rest', async () => {
    let aborted = 0;
    let started = 0;
    const { queue } = makeQueue(
      (_job, signal) =>
        new Promise<void>((_resolve, reject) => {
          started++;
          signal.addEventListener('abort', () => {
            aborted++;
            reject(new SynthesisError('cancelled', 'aborted'));
          });
        }),
      2,
    );
    queue.enqueue(jobs(6));
    const done = queue.run();
    await sleep(10);
    queue.cancel();
    expect((await done).state).toBe('cancelled');
    expect(started).toBe(2);
    expect(aborted).toBe(2);
    expect(queue.snapshot().progress).toMatchObject({ cancelled: 6, done: 0 });
  });

  it('retries transient errors with backoff and succeeds', async () => {
    const failuresLeft = new Map([['j1', 2]]);
    const { queue, events } = makeQueue(async (job) => {
      const left = failuresLeft.get(job.id) ?? 0;
      if (left > 0) {
        failuresLeft.set(job.id, left - 1);
        throw new SynthesisError('server', 'websocket error code: 1011');
      }
    });
    queue.enqueue(jobs(3));
    expect((await queue.run()).state).toBe('finished');
    const j1 = events.filter((event) => event.id === 'j1').map((event) => event.status);
    expect(j1).toEqual(['running', 'retrying', 'running', 'retrying', 'running', 'done']);
    expect(queue.itemStatus('j1')).toMatchObject({ status: 'done', attempt: 3 });
  });

  it('fails only the phrase the service refused as a bad request', async () => {
    let calls = 0;
    const { queue } = makeQueue(async (job) => {
      calls++;
      if (job.id === 'j2') throw new SynthesisError('bad-request', 'Invalid SSML', 'Unsupported voice x');
    });
    queue.enqueue(jobs(5));
    expect((await queue.run()).state).toBe('finished');
    expect(calls).toBe(5);
    expect(queue.failures()).toEqual([{ job: { id: 'j2' }, attempts: 1, error: { kind: 'bad-request', message: 'Invalid SSML', detail: 'Unsupported voice x' } }]);
  });

  it('gives up after the attempt budget for an error that keeps coming back', async () => {
    const { queue } = makeQueue(
      async (job) => {
        if (job.id === 'j0') throw new SynthesisError('timeout', 'No answer');
      },
      2,
      { retry: { ...FAST_RETRY, maxAttempts: 3 } },
    );
    queue.enqueue(jobs(2));
    await queue.run();
    expect(queue.failures().map((f) => [f.job.id, f.attempts, f.error.kind])).toEqual([['j0', 3, 'timeout']]);
  });

  it('never fails a phrase for throttling: requeues it at the head, cuts the limit and holds dispatch', async () => {
    let throttlesLeft = 3;
    const order: string[] = [];
    const { queue } = makeQueue(
      async (job) => {
        order.push(job.id);
        if (job.id === 'j0' && throttlesLeft-- > 0) throw new SynthesisError('throttled', 'Throttled', 'Unexpected server response: 429');
        await sleep(1);
      },
      4,
      { initialConcurrency: 4 },
    );
    const limits: number[] = [];
    queue.on('throttle', () => limits.push(queue.snapshot().concurrencyLimit));
    queue.enqueue(jobs(8));
    expect((await queue.run()).state).toBe('finished');
    expect(queue.failures()).toEqual([]);
    expect(queue.snapshot().throttleEvents).toBe(3);
    expect(limits[0]).toBeLessThan(4);
    expect(order.filter((id) => id === 'j0')).toHaveLength(4);
    expect(queue.itemStatus('j0')?.attempt).toBe(1); // throttled attempts are not counted against the phrase
  });

  it('stops the whole run on an auth error and makes no further calls', async () => {
    let calls = 0;
    const { queue } = makeQueue(async () => {
      calls++;
      await sleep(2);
      throw new SynthesisError('auth', 'The key was refused (401)');
    }, 2);
    queue.enqueue(jobs(20));
    const outcome = await queue.run();
    expect(outcome.state).toBe('stopped');
    expect(outcome.stopReason?.message).toMatch(/key was refused/);
    expect(calls).toBe(2);
    await sleep(30);
    expect(calls).toBe(2);
    expect(queue.snapshot().progress).toMatchObject({ failed: 0, remaining: 20 });
  });

  it('in an outage holds dispatch and probes with one render at a time, not a retry storm', async () => {
    let down = true;
    const attempts: number[] = [];
    let inFlight = 0;
    let peakDuringOutage = 0;
    const { queue } = makeQueue(
      async () => {
        inFlight++;
        attempts.push(Date.now());
        // After the first wave failed, the breaker is open: only single probes may run.
        if (down && attempts.length > 6) peakDuringOutage = Math.max(peakDuringOutage, inFlight);
        await sleep(1);
        inFlight--;
        if (down) throw new SynthesisError('network', 'connect ECONNREFUSED');
      },
      4,
      { retry: { ...FAST_RETRY, outageThreshold: 3, outageBaseMs: 40, outageCapMs: 40 } },
    );
    queue.enqueue(jobs(12));
    const done = queue.run();
    await sleep(400);
    const duringOutage = attempts.length;
    down = false;
    expect((await done).state).toBe('finished');
    // 4 in flight at first, then single probes every ~20-40 ms: far fewer than a storm would make.
    expect(duringOutage).toBeLessThan(4 + 400 / 20 + 2);
    expect(peakDuringOutage).toBe(1);
    expect(queue.failures()).toEqual([]);
    expect(queue.snapshot().progress.done).toBe(12);
  });

  it('retries failed renders on request with a fresh budget', async () => {
    let broken = true;
    const { queue } = makeQueue(async (job) => {
      if (broken && job.id === 'j1') throw new SynthesisError('bad-request', 'nope');
    });
    queue.enqueue(jobs(3));
    await queue.run();
    expect(queue.snapshot().progress.failed).toBe(1);
    broken = false;
    expect(queue.retryFailed()).toBe(1);
    expect((await queue.run()).state).toBe('finished');
    expect(queue.snapshot().progress).toMatchObject({ done: 3, failed: 0 });
  });

  it('applies a known request quota on the client side', async () => {
    const starts: number[] = [];
    const { queue } = makeQueue(
      async () => {
        starts.push(Date.now());
      },
      4,
      { rateLimit: { count: 4, intervalMs: 200 } },
    );
    queue.enqueue(jobs(6));
    const began = Date.now();
    await queue.run();
    // A burst of 1 (count/4), then one per 50 ms: 6 starts take at least ~5 x 50 ms.
    expect(Date.now() - began).toBeGreaterThanOrEqual(200);
  });

  it('classifies local disk errors as run-stopping', () => {
    const error = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    expect(describeRenderError(error)).toMatchObject({ kind: 'fatal-local' });
    const kinds: SynthesisErrorKind[] = ['throttled', 'network'];
    for (const kind of kinds) expect(describeRenderError(new SynthesisError(kind, 'x')).kind).toBe(kind);
  });

  it('frees the slot when the service call ends: the next render starts while the last one is written', async () => {
    const log: string[] = [];
    const { queue } = makeQueue(async (job) => {
      log.push(`synth ${job.id}`);
      return async () => {
        await sleep(30);
        log.push(`written ${job.id}`);
      };
    }, 1);
    queue.enqueue(jobs(2));
    expect((await queue.run()).state).toBe('finished');
    expect(log.indexOf('synth j1')).toBeLessThan(log.indexOf('written j0'));
    expect(queue.snapshot().progress.done).toBe(2);
  });

  it('a fast service never outruns a slow disk: at most maxCommitting renders wait to be written', async () => {
    const releases: Array<() => void> = [];
    let started = 0;
    const { queue } = makeQueue(
      async () => {
        started++;
        return () => new Promise<void>((resolve) => releases.push(resolve)); // the write waits for the test
      },
      // One at a time, so the bound is exact (renders already started when the limit is reached still
      // land: with more slots the bound is maxCommitting + slots - 1).
      1,
      { maxCommitting: 3 },
    );
    queue.enqueue(jobs(20));
    const done = queue.run();
    await sleep(30);
    // Three written-but-unsettled renders hold the queue: nothing more starts, however fast the service.
    expect(releases).toHaveLength(3);
    expect(started).toBe(3);
    expect(queue.snapshot().progress.running).toBe(3);
    releases.shift()!();
    await sleep(30);
    expect(started).toBe(4);
    expect(releases).toHaveLength(3);
    // Writes keep pace from here on: every render is written once the disk catches up.
    const drain = setInterval(() => releases.shift()?.(), 1);
    expect((await done).state).toBe('finished');
    clearInterval(drain);
    expect(started).toBe(20);
    expect(queue.snapshot().progress.done).toBe(20);
  });

  it('a failed commit (disk full) stops the run and keeps the render pending', async () => {
    const { queue } = makeQueue(
      async () => async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
      1,
    );
    queue.enqueue(jobs(3));
    const outcome = await queue.run();
    expect(outcome.state).toBe('stopped');
    expect(outcome.stopReason?.message).toMatch(/disk is full/);
    expect(queue.snapshot().progress).toMatchObject({ done: 0, failed: 0 });
  });
});

describe('GenerationQueue, issue 9', () => {
  it('a render counts for the service when its audio arrives, not when its file is written', async () => {
    let calls = 0;
    let releaseCommit!: () => void;
    const committed = new Promise<void>((resolve) => (releaseCommit = resolve));
    const { queue } = makeQueue(
      async () => {
        calls++;
        if (calls <= 3) throw new SynthesisError('network', 'Cannot reach the service (connect ECONNREFUSED)');
        return () => committed; // the audio is here; its file write is slow
      },
      1,
      { retry: { ...FAST_RETRY, outageThreshold: 3, outageBaseMs: 5, outageCapMs: 10 } },
    );
    queue.enqueue(jobs(1));
    const done = queue.run();
    for (let i = 0; i < 100 && !queue.snapshot().unreachable; i++) await sleep(2);
    expect(queue.snapshot().unreachable).toMatchObject({ lastError: expect.stringMatching(/ECONNREFUSED/) });
    for (let i = 0; i < 200 && calls < 4; i++) await sleep(2);
    await sleep(5);
    // The commit has not finished, yet the service answered: the outage is over.
    expect(queue.snapshot().unreachable).toBeNull();
    expect(queue.snapshot().progress.done).toBe(0);
    releaseCommit();
    expect((await done).state).toBe('finished');
  });

  it('gives up after giveUpAfterMs without a completed render: stopped, unreachable, everything pending', async () => {
    const { queue } = makeQueue(
      async () => {
        await sleep(5);
        throw new SynthesisError('network', 'Cannot reach the service (socket hang up)');
      },
      2,
      { giveUpAfterMs: 300, describeGiveUp: ({ waitedMs }) => `Cannot reach test-host for ${waitedMs} ms` },
    );
    queue.enqueue(jobs(5));
    const started = Date.now();
    const outcome = await queue.run();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(outcome).toMatchObject({ state: 'stopped', stopReason: { kind: 'unreachable', message: expect.stringMatching(/^Cannot reach test-host/) } });
    expect(
      queue
        .unfinished()
        .map((job) => job.id)
        .sort(),
    ).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
    expect(queue.snapshot().progress).toMatchObject({ failed: 0, remaining: 5, running: 0 });
  });

  it('a service that only ever throttles stops as quota, and a throttle never fails a render', async () => {
    const { queue } = makeQueue(
      async () => {
        await sleep(2);
        throw new SynthesisError('throttled', 'Throttled (close 4429)');
      },
      2,
      { giveUpAfterMs: 200 },
    );
    queue.enqueue(jobs(3));
    const outcome = await queue.run();
    expect(outcome.stopReason?.kind).toBe('quota');
    expect(queue.failures()).toEqual([]);
  });
});
