import type { SynthesisErrorKind } from '../engines/synthesis-error';

/**
 * The queue's words for why an attempt failed. `unreachable` never comes from an engine: the queue
 * stops a run with it when the service completed no turn for the give-up time.
 */
export type FailureKind = SynthesisErrorKind | 'unknown' | 'fatal-local' | 'unreachable';

export interface ItemFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly detail?: string;
}

/** What `describeError` returns: a failure plus what the policy may use. */
export interface DescribedFailure extends ItemFailure {
  readonly retryAfterMs?: number;
  /** The service refused to open a socket (a connection cap, or a quota at the gateway). */
  readonly refusedConnection?: boolean;
}

/**
 * Classifies a failed attempt: an attempt whose signal was aborted, or any failure after the run was
 * cancelled, is a cancel whatever the engine threw; everything else is the engine's description.
 */
export function describeAttemptFailure(error: unknown, aborted: boolean, runCancelled: boolean, describeError: (error: unknown) => DescribedFailure): DescribedFailure {
  if (aborted || runCancelled) return { kind: 'cancelled', message: 'Cancelled' };
  return describeError(error);
}

/** The failure as shown and kept (no policy fields). */
export function itemFailureOf(described: DescribedFailure): ItemFailure {
  return { kind: described.kind, message: described.message, ...(described.detail ? { detail: described.detail } : {}) };
}
