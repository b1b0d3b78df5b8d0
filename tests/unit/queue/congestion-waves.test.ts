/**
 * Failures of renders that were in flight together are ONE congestion event (TCP: one window cut per
 * round trip). Without this, a throttle hitting the whole pool at once cut the AIMD limit 8 times and
 * pushed the hold to its cap, and an outage's first wave started at the longest hold; with the Azure
 * emulator that made a TPS-limited 40-render run take 9.8 s instead of 1.4 s.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { describeRenderError } from '../../../electron/main/core/engines/describe-error';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { GenerationQueue } from '../../../electron/main/core/queue/generation-queue';

interface Job {
  id: string;
}
const jobs = (count: number): Job[] => Array.from({ length: count }, (_, i) => ({ id: `j${i}` }));

describe('GenerationQueue congestion waves', () => {
  it('8 renders throttled together: the limit is cut once, and a first wave does not pause dispatch', async () => {
    let firstWave = true;
    const started: number[] = [];
    const queue = new GenerationQueue<Job>({
      execute: async () => {
        const attempt = started.push(Date.now());
        await sleep(5);
        if (firstWave && attempt <= 8) throw new SynthesisError('throttled', 'Throttled', 'Throttled due to too many requests websocket error code: 1007');
      },
      describeError: describeRenderError,
      maxConcurrency: 8,
      retry: { throttleBaseMs: 200, throttleCapMs: 20_000 },
      random: () => 1,
    });
    const holds: number[] = [];
    const limits: number[] = [];
    queue.on('throttle', () => {
      const snapshot = queue.snapshot();
      limits.push(snapshot.concurrencyLimit);
      if (snapshot.hold) holds.push(snapshot.hold.untilMs - Date.now());
    });
    queue.enqueue(jobs(16));
    const t0 = Date.now();
    const done = queue.run();
    await sleep(100);
    firstWave = false;
    expect(queue.snapshot().throttleEvents).toBe(8);
    expect(Math.min(...limits)).toBe(Math.floor(8 * 0.7)); // one cut, not 0.7^8
    expect(holds).toEqual([]); // the first wave only cuts the limit; a pause is for waves that keep coming
    expect((await done).state).toBe('finished');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(queue.failures()).toEqual([]);
  });

  it('an outage: the first wave holds at step one; a render finishing from before it does not end it', async () => {
    let down = true;
    let calls = 0;
    const queue = new GenerationQueue<Job>({
      execute: async (job) => {
        calls++;
        if (job.id === 'j0') {
          await sleep(60); // was already writing its file when the service went down
          return;
        }
        await sleep(5);
        if (down) throw new SynthesisError('network', 'Cannot reach Azure Speech', 'socket hang up');
      },
      describeError: describeRenderError,
      maxConcurrency: 8,
      retry: { outageThreshold: 3, outageBaseMs: 300, outageCapMs: 5_000, retryBaseMs: 5, retryCapMs: 10 },
      random: () => 1,
    });
    queue.enqueue(jobs(12));
    const done = queue.run();
    await sleep(100);
    // j0 succeeded after the others failed, but it was dispatched before: still holding and probing.
    expect(queue.itemStatus('j0')?.status).toBe('done');
    const snapshot = queue.snapshot();
    expect(snapshot.hold?.reason).toBe('outage');
    expect(snapshot.concurrencyLimit).toBe(1);
    expect(snapshot.hold!.untilMs - Date.now()).toBeLessThanOrEqual(300);
    const callsDuringHold = calls;
    await sleep(150);
    expect(calls).toBe(callsDuringHold);
    down = false;
    expect((await done).state).toBe('finished');
    expect(queue.failures()).toEqual([]);
  });
});
