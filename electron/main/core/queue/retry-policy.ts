import type { FailureKind } from './failure-description';
import { equalJitterDelay, fullJitterDelay } from './backoff';

/**
 * What the queue does with a failed attempt. The rules come from docs/design/pool-and-throttling.md section 4:
 * throttling never fails a phrase (requeue at the head, back off, cut the limit); auth and quota stop
 * the run before more calls are billed or refused, and so does an engine that cannot start; an outage pauses dispatch and probes with a single
 * render instead of a retry storm; a bad request fails only its phrase.
 */
export type RetryDecision =
  | { readonly action: 'requeue'; readonly holdMs: number; readonly reason: 'throttled' }
  | { readonly action: 'requeue'; readonly holdMs: number; readonly reason: 'outage' }
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'fail' }
  | { readonly action: 'stop-run' }
  | { readonly action: 'cancelled' };

export interface RetryPolicyOptions {
  /** Attempts per render for transient errors (network blips, server errors, timeouts, crashes). */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  readonly throttleBaseMs: number;
  readonly throttleCapMs: number;
  readonly outageBaseMs: number;
  readonly outageCapMs: number;
  /** Consecutive network failures (no success between) that mean "the service is unreachable". */
  readonly outageThreshold: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  maxAttempts: 6,
  retryBaseMs: 250,
  retryCapMs: 10_000,
  throttleBaseMs: 500,
  throttleCapMs: 20_000,
  outageBaseMs: 1_000,
  outageCapMs: 30_000,
  outageThreshold: 3,
};

export interface FailureContext {
  readonly kind: FailureKind;
  /** Attempts this render has used, including the failed one. */
  readonly attempts: number;
  readonly consecutiveThrottles: number;
  readonly consecutiveNetworkFailures: number;
  readonly retryAfterMs?: number;
}

export function decideRetry(context: FailureContext, options: RetryPolicyOptions = DEFAULT_RETRY_POLICY, random: () => number = Math.random): RetryDecision {
  switch (context.kind) {
    case 'cancelled':
      return { action: 'cancelled' };
    case 'throttled': {
      // The first throttle wave only cuts the concurrency limit (AIMD does the work: a global pause
      // there cost a third of the throughput under a TPS quota); waves that keep coming also pause
      // dispatch, longer each time.
      const streak = context.consecutiveThrottles - 1;
      const computed = streak <= 0 ? 0 : equalJitterDelay(streak, options.throttleBaseMs, options.throttleCapMs, random);
      // Honour a visible Retry-After, but never sleep far past our own estimate (AWS SDK: +5 s at most).
      const holdMs = context.retryAfterMs !== undefined ? Math.min(Math.max(computed, context.retryAfterMs), computed + 5_000) : computed;
      return { action: 'requeue', holdMs, reason: 'throttled' };
    }
    case 'network':
      if (context.consecutiveNetworkFailures >= options.outageThreshold) {
        const outageStep = context.consecutiveNetworkFailures - options.outageThreshold + 1;
        return { action: 'requeue', holdMs: equalJitterDelay(outageStep, options.outageBaseMs, options.outageCapMs, random), reason: 'outage' };
      }
      return retryOrFail(context, options, random);
    case 'server':
    case 'timeout':
    case 'engine-crash':
      return retryOrFail(context, options, random);
    case 'auth':
    case 'quota':
    case 'engine-unavailable':
    case 'fatal-local':
    case 'unreachable':
      return { action: 'stop-run' };
    case 'bad-request':
    case 'unknown':
      return { action: 'fail' };
  }
}

function retryOrFail(context: FailureContext, options: RetryPolicyOptions, random: () => number): RetryDecision {
  if (context.attempts >= options.maxAttempts) return { action: 'fail' };
  return { action: 'retry', delayMs: fullJitterDelay(context.attempts, options.retryBaseMs, options.retryCapMs, random) };
}
