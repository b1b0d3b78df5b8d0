/**
 * Every throttle form the service uses, against every limit it may stand for (protocol notes section 4.17),
 * through the real SDK, our engine, pool, queue and CourseRun: a request-rate quota signalled by
 * close 4429, close 1007 or HTTP 429 (+ close 1013), a concurrency limit signalled by 4429, and a
 * connection cap signalled by HTTP 429 or by 4429 on an accepted socket. Whatever the form: nothing
 * fails, nothing is lost, and the run adapts the limit that binds (a rate quota gets a request rate,
 * whatever the close code's text says; issue 9 found every 4429 taken for a concurrency limit).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureServer, AzureServerOptions } from '../../support/azure-server';
import { cleanup, makeCourse, runCourse, startServer, type RunOutcome } from './azure-harness';

let server: AzureServer | undefined;
let outcome: RunOutcome | undefined;

afterEach(async () => {
  await cleanup(outcome);
  outcome = undefined;
  await server?.close();
  server = undefined;
});

const PHRASES = 100; // 200 renders
const RENDERS = PHRASES * 2;
/** 40 turns per second: the pool of 8 at the fast latency could send ~10x that, so the quota binds. */
const QUOTA = { limit: 20, windowMs: 500 };

async function runAgainst(options: AzureServerOptions): Promise<RunOutcome> {
  server = await startServer(options);
  outcome = await runCourse({ server, course: makeCourse(PHRASES), maxConnections: 8, callTimeoutMs: 5_000 });
  return outcome;
}

function expectEverythingRendered(result: RunOutcome): void {
  expect(result.summary.failures).toEqual([]);
  expect(result.summary).toMatchObject({ state: 'finished', rendered: RENDERS, failed: 0, pending: 0 });
  expect(server!.counters().turnsCompleted).toBe(RENDERS);
}

describe('a request-rate quota, whatever signals it', () => {
  for (const closeCode of [4429, 1007, 429] as const) {
    it(`signalled by ${closeCode}: the queue learns a request rate, no render fails, the quota is respected`, async () => {
      const result = await runAgainst({ tps: { ...QUOTA, closeCode } });
      expectEverythingRendered(result);
      const counters = server!.counters();
      expect(counters.throttleEvents).toBeGreaterThan(0); // the quota did bind
      // A rate quota is met with a request rate (before issue 9, a 4429 only ever cut concurrency).
      // (A trial may release it again once it no longer binds, so it is sampled during the run.)
      expect(result.peakRequestRate).not.toBeNull();
      // Nobody renders faster than the quota allows: N / R, less one window of burst.
      expect(result.wallMs).toBeGreaterThanOrEqual(((RENDERS - QUOTA.limit) / QUOTA.limit) * QUOTA.windowMs);
      // Throttled turns stay a minority of the renders (the run settles under the quota).
      expect(counters.throttleEvents).toBeLessThan(RENDERS);
      console.info(
        `rate quota as ${closeCode}: ${Math.round(result.wallMs)} ms, ${counters.throttleEvents} throttles, ${counters.upgradesAccepted} sockets, peak rate ${result.peakRequestRate?.toFixed(1)}/s, at the end ${result.run.snapshot()!.requestRate?.toFixed(1) ?? 'none'}`,
      );
    });
  }
});

describe('a concurrency limit signalled by 4429', () => {
  it('no render fails; throttled turns stay a minority (a request rate or fewer in flight keeps under it)', async () => {
    const result = await runAgainst({ concurrencyLimit: 3, latency: { connectMs: 20, firstByteMs: 30, perCharMs: 1 } });
    expectEverythingRendered(result);
    const counters = server!.counters();
    expect(counters.throttleEvents).toBeGreaterThan(0);
    expect(counters.turnsByOutcome.throttled ?? 0).toBeLessThan(RENDERS / 2);
    console.info(
      `concurrency limit 3 as 4429: ${Math.round(result.wallMs)} ms, ${counters.throttleEvents} throttles, limit ${result.run.snapshot()!.concurrencyLimit}, rate ${result.run.snapshot()!.requestRate}`,
    );
  });
});

describe('a connection cap', () => {
  it('signalled by HTTP 429 on the upgrade: the pool learns the cap, never more sockets than it', async () => {
    const result = await runAgainst({ connectionCap: 5 });
    expectEverythingRendered(result);
    expect(server!.counters().peakOpenSockets).toBeLessThanOrEqual(5);
    expect(result.pool.maxConnections).toBeLessThanOrEqual(5);
  });

  it('signalled by 4429 on sockets accepted beyond it: no render fails, the sockets beyond it are dropped', async () => {
    const result = await runAgainst({ connectionCap: 5, connectionCapSignal: 4429 });
    expectEverythingRendered(result);
    const counters = server!.counters();
    expect(counters.throttleEvents).toBeGreaterThan(0);
    expect(counters.turnsByOutcome.throttled ?? 0).toBeLessThan(RENDERS / 2);
  });
});
