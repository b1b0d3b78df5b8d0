import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../../electron/main/core/queue/adaptive-limit';
import { TokenBucket } from '../../../electron/main/core/queue/token-bucket';
import { DEFAULT_RETRY_POLICY, decideRetry } from '../../../electron/main/core/queue/retry-policy';
import { ProgressTracker } from '../../../electron/main/core/queue/progress-tracker';

describe('AdaptiveLimit (AIMD)', () => {
  it('cuts multiplicatively on throttling and never below 1', () => {
    const limit = new AdaptiveLimit({ initial: 8, max: 8, backoffRatio: 0.5 });
    limit.onThrottle();
    expect(limit.limit).toBe(4);
    limit.onThrottle();
    limit.onThrottle();
    limit.onThrottle();
    expect(limit.limit).toBe(1);
  });

  it('grows by one per window of successes, only while the limit is used', () => {
    const limit = new AdaptiveLimit({ initial: 4, max: 8 });
    for (let i = 0; i < 20; i++) limit.onSuccess(1); // 1 in flight of 4: not using the limit
    expect(limit.limit).toBe(4);
    for (let i = 0; i < 4; i++) limit.onSuccess(4);
    expect(limit.limit).toBe(5);
    for (let i = 0; i < 100; i++) limit.onSuccess(8);
    expect(limit.limit).toBe(8); // capped at max
  });

  it('follows a lower max (a learned connection cap)', () => {
    const limit = new AdaptiveLimit({ initial: 8, max: 8 });
    limit.setMax(5);
    expect(limit.limit).toBe(5);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then one token per interval share', () => {
    let now = 0;
    const bucket = TokenBucket.perInterval(20, 60_000, 2, () => now);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(3000); // 20 per minute: one every 3 s
    now += 3000;
    expect(bucket.tryTake()).toBe(0);
  });

  // A timer fires after its time, and more so on a loaded machine: a caller paced by one token keeps
  // the rate it was given (it sent 5 % under it on the real benchmark, issue 9).
  it('a caller that comes back a few ms after the wait it was given still gets the configured rate', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 24 / 1000, () => now); // 24 per second, no burst
    let taken = 0;
    while (now < 10_000) {
      const wait = bucket.tryTake();
      if (wait === 0) taken++;
      else now += wait + 3; // the timer fires 3 ms late
    }
    // 240 in 10 s (+1 for the full bucket at the start); losing each late 3 ms gave 224.
    expect(taken).toBeGreaterThanOrEqual(238);
    expect(taken).toBeLessThanOrEqual(241);
  });

  it('lateness is credited, never idle time: a bucket left alone holds its capacity and no more', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 24 / 1000, () => now);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0); // told to come back in ~42 ms
    now += 10_000; // ... and comes back 10 s later: one token, as without the credit would
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0);
  });
});

describe('retry policy', () => {
  const base = { attempts: 1, consecutiveThrottles: 1, consecutiveNetworkFailures: 0 };
  const fixed = () => 0.5;
  it('requeues throttled renders with a hold, honouring a Retry-After within bounds', () => {
    const plain = decideRetry({ ...base, kind: 'throttled' }, DEFAULT_RETRY_POLICY, fixed);
    expect(plain).toMatchObject({ action: 'requeue', reason: 'throttled', holdMs: 0 }); // first wave: the limit cut is enough
    const streak = decideRetry({ ...base, kind: 'throttled', consecutiveThrottles: 3 }, DEFAULT_RETRY_POLICY, fixed);
    expect(streak.action === 'requeue' && streak.holdMs).toBeGreaterThan(0);
    const withRetryAfter = decideRetry({ ...base, kind: 'throttled', retryAfterMs: 4000 }, DEFAULT_RETRY_POLICY, fixed);
    expect(withRetryAfter).toMatchObject({ action: 'requeue', holdMs: 4000 });
    const huge = decideRetry({ ...base, kind: 'throttled', retryAfterMs: 600_000 }, DEFAULT_RETRY_POLICY, fixed);
    expect(huge.action === 'requeue' && huge.holdMs).toBeLessThan(10_000);
  });
  it('treats repeated network failures as an outage', () => {
    expect(decideRetry({ ...base, kind: 'network', consecutiveNetworkFailures: 1 }, DEFAULT_RETRY_POLICY, fixed).action).toBe('retry');
    expect(decideRetry({ ...base, kind: 'network', consecutiveNetworkFailures: 3 }, DEFAULT_RETRY_POLICY, fixed)).toMatchObject({ action: 'requeue', reason: 'outage' });
  });
  it('stops the run for auth, quota and a full disk; fails only the phrase for a bad request', () => {
    for (const kind of ['auth', 'quota', 'engine-unavailable', 'fatal-local'] as const) expect(decideRetry({ ...base, kind }).action).toBe('stop-run');
    expect(decideRetry({ ...base, kind: 'bad-request' }).action).toBe('fail');
    expect(decideRetry({ ...base, kind: 'server', attempts: DEFAULT_RETRY_POLICY.maxAttempts }).action).toBe('fail');
  });
});

describe('ProgressTracker', () => {
  it('computes rate over the recent window and an ETA for what remains', () => {
    let now = 0;
    const tracker = new ProgressTracker(100, () => now, 10_000);
    tracker.markCached(20);
    for (let i = 0; i < 40; i++) {
      now += 250;
      tracker.markStarted();
      tracker.markFinished('done');
    }
    const snapshot = tracker.snapshot();
    expect(snapshot).toMatchObject({ done: 40, cached: 20, remaining: 40, rendersPerSecond: 4 });
    expect(snapshot.etaMs).toBe(10_000);
  });
  it('does not count paused time as slowness', () => {
    let now = 0;
    const tracker = new ProgressTracker(10, () => now, 60_000);
    now = 1000;
    tracker.markStarted();
    tracker.markFinished('done');
    tracker.setPaused(true);
    now = 50_000;
    tracker.setPaused(false);
    expect(tracker.snapshot().rendersPerSecond).toBe(1);
  });
});
