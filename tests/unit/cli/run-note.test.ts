/**
 * The CLI progress line's note says why the run waits in the producer's words (issue 9): a throttle
 * hold, the learned request rate, an outage naming the host and since when (never "the service asked
 * us to slow down"), and a learned connection cap.
 */
import { describe, expect, it } from 'vitest';
import { runNote } from '../../../electron/cli/run-note';
import type { QueueSnapshot } from '../../../electron/main/core/queue/generation-queue';
import { idleProgress } from '../../../electron/main/core/studio/run-view';

const HOST = 'http://127.0.0.1:5000';
const NOW = new Date(2026, 11, 3, 14, 2, 30).getTime();

function snapshot(overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    state: 'running',
    progress: idleProgress(10, 0),
    inFlight: 2,
    concurrencyLimit: 8,
    maxConcurrency: 8,
    hold: null,
    throttleEvents: 0,
    throttleCause: null,
    requestRate: null,
    unreachable: null,
    stopReason: null,
    ...overrides,
  };
}

describe('runNote (the CLI progress line)', () => {
  it('nothing to say while nothing holds the run back', () => {
    expect(runNote(snapshot(), { endpoint: HOST, learnedCap: null, now: NOW })).toBe('');
  });

  it('a throttle hold: how long it still waits', () => {
    const note = runNote(snapshot({ hold: { reason: 'throttled', untilMs: NOW + 2_100 }, throttleEvents: 3 }), { endpoint: HOST, learnedCap: null, now: NOW });
    expect(note).toBe('throttled: waiting 2.1 s');
  });

  it('a learned request rate, and a learned connection cap beside it', () => {
    const note = runNote(snapshot({ hold: { reason: 'rate-limit', untilMs: NOW + 40 }, requestRate: 23.46 }), { endpoint: HOST, learnedCap: 6, now: NOW });
    expect(note).toBe('rate limit: 23.5 requests/s, connection cap learned: 6');
  });

  it('an outage names the host and since when, not a slow-down', () => {
    const since = new Date(2026, 11, 3, 14, 2, 0).getTime();
    const note = runNote(snapshot({ hold: { reason: 'outage', untilMs: NOW + 5_000 }, unreachable: { sinceMs: since, lastError: 'connect ECONNREFUSED' } }), {
      endpoint: HOST,
      learnedCap: null,
      now: NOW,
    });
    expect(note).toBe(`outage: cannot reach ${HOST} since 14:02 - retrying`);
    expect(note).not.toMatch(/slow down/);
  });

  it('paused comes first', () => {
    expect(runNote(snapshot({ state: 'paused', requestRate: 10 }), { endpoint: HOST, learnedCap: null, now: NOW })).toBe('paused, rate limit: 10.0 requests/s');
  });
});
