/**
 * Fault matrix (pool notes G4, G6, G7): each server fault, through the real SDK, our engine, pool,
 * queue and CourseRun. Every scenario must lose 0 phrases: all renders done, none failed.
 * Seeds are fixed, so each scenario's fault schedule is the same on every run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AzureServer, FaultKind } from '../../support/azure-server';
import { cleanup, makeCourse, runCourse, startServer, type RunOutcome } from './azure-harness';

let server: AzureServer | undefined;
let outcome: RunOutcome | undefined;

afterEach(async () => {
  await cleanup(outcome);
  outcome = undefined;
  // Whatever happened, closing the pool leaves no socket open (stuck and wedged ones included).
  if (server) await server.waitFor((c) => c.openSockets === 0, 2_000);
  await server?.close();
  server = undefined;
});

const PHRASES = 30; // 60 renders

function expectNothingLost(run: RunOutcome, renders = PHRASES * 2): void {
  expect(run.summary.failures).toEqual([]);
  expect(run.summary).toMatchObject({ total: renders, rendered: renders, failed: 0, state: 'finished' });
  const stats = run.pool.stats();
  expect(stats.inUse).toBe(0);
  expect(stats.pendingCreates).toBe(0);
}

describe('turn faults: 0 phrases lost', () => {
  it.each<[string, FaultKind, number]>([
    ['TCP reset mid-audio (1006)', 'drop-mid-audio', 0.05],
    ['close 1011 (server error)', 'close-1011', 0.05],
    ['close 4429 (throttled, concurrent request limit)', 'close-4429', 0.05],
    ['close 1007 "Throttled due to too many requests"', 'close-1007', 0.05],
    ['idle close right after a turn (1000)', 'idle-close', 0.2],
  ])('%s', async (_label, fault, rate) => {
    server = await startServer({ faults: { rates: { [fault]: rate } } });
    outcome = await runCourse({ server, course: makeCourse(PHRASES), maxConnections: 8 });
    expectNothingLost(outcome);
    const counters = server.counters();
    expect(counters.faults[fault]).toBeGreaterThan(0);
    expect(counters.turnsCompleted).toBe(PHRASES * 2);
    if (fault === 'close-4429' || fault === 'close-1007') {
      // Throttling requeued the phrase (never failed it) and was counted as throttling.
      expect(outcome.summary.throttleEvents).toBe(counters.faults[fault]);
    }
    if (fault === 'idle-close') {
      // Transparent: the SDK reconnects on the next call; no turn was sent twice.
      expect(counters.turns).toBe(PHRASES * 2);
    }
  });

  it('close 1000 mid-turn (the SDK wedge): abandoned at once, no reconnect storm, no leaked socket', async () => {
    server = await startServer({ faults: { rates: { 'close-1000-mid-turn': 0.05 } } });
    const callTimeoutMs = 5_000;
    outcome = await runCourse({ server, course: makeCourse(PHRASES), maxConnections: 8, callTimeoutMs });
    expectNothingLost(outcome);
    const counters = server.counters();
    const wedged = counters.faults['close-1000-mid-turn'] ?? 0;
    expect(wedged).toBeGreaterThan(0);
    // Without the guard: one silent reconnect per earlier call on the socket (and those sockets leak),
    // and each wedged call waits out the call timeout.
    expect(counters.upgrades).toBeLessThanOrEqual(8 + wedged);
    expect(outcome.pool.stats().callTimeouts).toBe(0);
    expect(outcome.wallMs).toBeLessThan(callTimeoutMs);
  });
});

describe('throttling never fails a phrase', () => {
  it('connection cap below the pool size: the pool learns the cap after a few 429s', async () => {
    server = await startServer({ connectionCap: 3 });
    outcome = await runCourse({ server, course: makeCourse(PHRASES), maxConnections: 8, initialConcurrency: 4 });
    expectNothingLost(outcome);
    const counters = server.counters();
    expect(counters.peakOpenSockets).toBeLessThanOrEqual(3);
    expect(counters.upgradesRefused[429] ?? 0).toBeGreaterThan(0);
    expect(counters.upgradesRefused[429] ?? 0).toBeLessThanOrEqual(5);
    expect(outcome.pool.stats()).toMatchObject({ max: 3, configuredMax: 8, size: 3 });
    expect(outcome.run.snapshot()?.maxConcurrency).toBe(3); // the queue followed the pool
  });

  it('TPS quota, no tier known (AIMD only): throttled turns are requeued, all phrases done', async () => {
    server = await startServer({ tps: { limit: 25, windowMs: 1_000 } });
    outcome = await runCourse({ server, course: makeCourse(20), maxConnections: 8 });
    expectNothingLost(outcome, 40);
    const throttled = server.counters().turnsByOutcome.throttled ?? 0;
    expect(throttled).toBeGreaterThan(0);
    expect(outcome.summary.throttleEvents).toBe(throttled);
  });

  it('TPS quota with the tier known: the client rate limit keeps under it', async () => {
    server = await startServer({ tps: { limit: 25, windowMs: 1_000 } });
    // Like AZURE_TIERS: count + burst (count/4) within the quota.
    outcome = await runCourse({ server, course: makeCourse(20), maxConnections: 8, rateLimit: { count: 20, intervalMs: 1_000 } });
    expectNothingLost(outcome, 40);
    expect(server.counters().turnsByOutcome.throttled ?? 0).toBe(0);
  });
});

describe('hangs', () => {
  it('a stalled turn costs at most one call timeout; the slot is replaced; no stuck slot at the end', async () => {
    // Turns of ~40-60 ms: the 300 renders take well over the 1 s call timeout, so the pool still needs
    // all 8 slots when the stuck synthesizer is discarded (with faster turns the run could end first,
    // and the 7 healthy slots would absorb the retry without a new socket).
    server = await startServer({ latency: { connectMs: 20, firstByteMs: 30, perCharMs: 0.8 } });
    const callTimeoutMs = 1_000;
    const running = runCourse({ server, course: makeCourse(150), maxConnections: 8, callTimeoutMs });
    await server.waitFor((c) => c.turns >= 10, 10_000);
    server.injectNext('stall');
    outcome = await running;
    expectNothingLost(outcome, 300);
    const counters = server.counters();
    expect(counters.turnsByOutcome.stalled).toBe(1);
    expect(outcome.pool.stats().callTimeouts).toBe(1);
    expect(counters.upgrades).toBe(9); // the stuck synthesizer was replaced by a new socket
    const stalledTurn = server.turnLog().find((turn) => turn.outcome === 'stalled')!;
    const retried = server.turnLog().find((turn) => turn.text === stalledTurn.text && turn.rate === stalledTurn.rate && turn.outcome === 'completed')!;
    // The phrase was retried after about one call timeout (plus a short backoff), not later.
    expect(retried.receivedAt - stalledTurn.receivedAt).toBeGreaterThanOrEqual(callTimeoutMs - 50);
    expect(retried.receivedAt - stalledTurn.receivedAt).toBeLessThan(callTimeoutMs + 1_500);
  });
});
