/**
 * The queue's throttling policy in the simulation (tests/support/queue-sim): the product's own
 * GenerationQueue and EnginePool against a simulated service with the benchmark's setup (the notes'
 * latency x0.4, 8 connections, a quota of 10 turns per 400 ms sliding window), in virtual time, so the
 * figures are the policy's and not the machine's. Arrivals are jittered by up to 5 ms each way (a
 * loaded client's event loop bunches evenly spaced sends). Issue 9's targets: >= 90 % of T* under a
 * TPS quota with <= 10 % of renders throttled, random throttles <= 1.5x the clean run, caps learned
 * within a second, sockets within --max-connections, nothing lost.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleCourseItems, simulate, type SimItem, type SimulationOptions, type SimulationResult } from '../../support/queue-sim/simulate';

const LATENCY = { connectMs: 60, firstByteMs: 80, perCharMs: 2, jitter: 0.2 };
const QUOTA = { limit: 10, windowMs: 400 };
let items: SimItem[];

beforeAll(async () => {
  items = await sampleCourseItems(428);
});

function run(limits: Omit<SimulationOptions, 'items' | 'latency'> = {}): Promise<SimulationResult> {
  return simulate({ items, latency: LATENCY, oneWayDelayMs: 5, maxConnections: 8, ...limits });
}

function expectNothingLostWithinSockets(result: SimulationResult): void {
  expect(result.lost).toBe(0);
  expect(result.service.peakOpenSockets).toBeLessThanOrEqual(8);
}

describe('throttling policy, simulated (virtual time)', () => {
  it('is deterministic: the same seed gives the same run', async () => {
    const a = await run({ tps: { ...QUOTA, form: 4429 } });
    const b = await run({ tps: { ...QUOTA, form: 4429 } });
    expect(b.wallMs).toBe(a.wallMs);
    expect(b.service).toEqual(a.service);
  });

  const SEEDS = [1, 2, 3, 4, 5];
  const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

  // Each seed is another schedule of latencies and arrival jitter. Over the five, ours reaches 90 % of
  // T* on average; the worst schedule stays above 88 % (a first estimate read from the quota's
  // opening burst costs a second or two). Issue 9 measured 55-85 % with 12-25 % throttled.
  it.each([1007, 4429, 429] as const)('a TPS quota signalled by %i: 90 percent of T* over five schedules (each 88), at most 10 percent of renders throttled', async (form) => {
    const pcts: number[] = [];
    for (const seed of SEEDS) {
      const result = await run({ tps: { ...QUOTA, form }, seed });
      expectNothingLostWithinSockets(result);
      expect(result.pctOfLimit, `seed ${seed}`).toBeGreaterThanOrEqual(88);
      expect(result.throttledPct, `seed ${seed}`).toBeLessThanOrEqual(10);
      pcts.push(result.pctOfLimit);
    }
    expect(mean(pcts)).toBeGreaterThanOrEqual(90);
  });

  it('20 % random 4429 throttles cost at most 1.5x the clean run over five schedules (each <= 1.6x): noise is not cut for', async () => {
    const clean = await run();
    expect(clean.pctOfLimit).toBeGreaterThanOrEqual(95);
    expect(clean.service.upgradesAccepted).toBe(8);
    const ratios: number[] = [];
    for (const seed of SEEDS) {
      const noisy = await run({ randomThrottleRate: 0.2, seed });
      expectNothingLostWithinSockets(noisy);
      ratios.push(noisy.wallMs / clean.wallMs);
      expect(noisy.wallMs / clean.wallMs, `seed ${seed}`).toBeLessThanOrEqual(1.6);
    }
    expect(mean(ratios)).toBeLessThanOrEqual(1.5);
  });

  it.each([429, 4429] as const)('a connection cap of 6 signalled by %i is learned within a second, at 90 percent of T*', async (form) => {
    const result = await run({ connectionCap: { cap: 6, form } });
    expectNothingLostWithinSockets(result);
    expect(result.capLearnedAtMs).not.toBeNull();
    expect(result.capLearnedAtMs!).toBeLessThanOrEqual(1_000);
    expect(result.pctOfLimit).toBeGreaterThanOrEqual(90);
  });

  it('a concurrency limit of 5 signalled by 4429: the limit is found, >= 90 % of T*', async () => {
    const result = await run({ concurrencyLimit: 5 });
    expectNothingLostWithinSockets(result);
    expect(result.pctOfLimit).toBeGreaterThanOrEqual(90);
    expect(result.throttledPct).toBeLessThanOrEqual(10);
  });
});
