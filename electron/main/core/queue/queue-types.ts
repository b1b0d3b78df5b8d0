import type { RunProgress, RunState } from '../../../../shared/model/progress';
import type { HoldReason } from './dispatch-hold';
import type { DescribedFailure, FailureKind, ItemFailure } from './failure-description';
import type { GiveUpContext } from './give-up';
import type { RetryPolicyOptions } from './retry-policy';
import type { ThrottleCause } from './throttle-diagnosis';

/** The generation queue's vocabulary: jobs, item states and events, snapshots, options. */

export type { FailureKind, HoldReason, ItemFailure, ThrottleCause };

export type ItemStatus = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled';

/** The second phase of a render (persisting it), run outside the concurrency limit. */
export type Commit = () => Promise<void>;

export interface QueueJob {
  /** Unique within the queue, e.g. `p001/target-slow`. */
  readonly id: string;
}

export interface ItemEvent {
  readonly id: string;
  readonly status: ItemStatus;
  readonly attempt: number;
  readonly error?: ItemFailure;
}

export interface QueueSnapshot {
  readonly state: RunState;
  readonly progress: RunProgress;
  /** Renders started and not yet settled: calling the service, or writing the result. */
  readonly inFlight: number;
  readonly concurrencyLimit: number;
  readonly maxConcurrency: number;
  readonly hold: { readonly reason: HoldReason; readonly untilMs: number } | null;
  readonly throttleEvents: number;
  /** The limit the last throttle wave was put down to (or 'noise': random throttles, nothing cut). */
  readonly throttleCause?: ThrottleCause | null;
  /** Starts per second the learned request rate allows, or null while none is in force. */
  readonly requestRate?: number | null;
  /** The service cannot be reached: since when (epoch ms on the queue's clock) and the last error. */
  readonly unreachable?: { readonly sinceMs: number; readonly lastError: string } | null;
  readonly stopReason: ItemFailure | null;
}

export interface QueueOutcome {
  readonly state: 'finished' | 'cancelled' | 'stopped';
  readonly stopReason: ItemFailure | null;
}

export interface GenerationQueueOptions<J extends QueueJob> {
  /**
   * Renders one job; must honour the signal. It may return a commit step (write and journal the
   * result): the concurrency slot is freed when execute resolves, the item settles when the commit does.
   */
  execute(job: J, signal: AbortSignal): Promise<void | Commit>;
  /** Maps an error thrown by `execute` to the retry policy's vocabulary. */
  describeError(error: unknown): DescribedFailure;
  /** The pool's size: renders in flight never exceed it. */
  maxConcurrency: number;
  /** Where the adaptive limit starts (default: maxConcurrency). */
  initialConcurrency?: number;
  /**
   * Renders whose service call is done and whose file is still being written, at most; at the limit no
   * new render starts until one is written (default DEFAULT_MAX_COMMITTING). Without it a fast engine
   * (eSpeak renders ~450 a second) outruns a slow delivery (MP3 ~80 a second) and holds the audio of
   * the whole course in memory.
   */
  maxCommitting?: number;
  /** A known quota, e.g. F0: { count: 20, intervalMs: 60_000 }. */
  rateLimit?: { readonly count: number; readonly intervalMs: number };
  retry?: Partial<RetryPolicyOptions>;
  /**
   * Stop the run (stopReason 'unreachable', or 'quota' when every answer was a throttle) after this
   * long without a completed turn. Absent: never (the studio keeps probing while the user wants).
   */
  giveUpAfterMs?: number;
  /** The stop message for giving up, naming the service (default: a generic one). */
  describeGiveUp?(context: GiveUpContext): string;
  now?: () => number;
  random?: () => number;
}

export interface Item<J> {
  readonly job: J;
  status: ItemStatus;
  attempts: number;
  /** When the current (or last) attempt was dispatched, on the queue's clock. */
  startedAt?: number;
  /** Renders in flight when it was dispatched, itself included. */
  inFlightAtStart?: number;
  controller?: AbortController;
  retryTimer?: NodeJS.Timeout;
  error?: ItemFailure;
}

export interface GenerationQueueEvents {
  item: [ItemEvent];
  state: [RunState];
  throttle: [ItemFailure];
}

export function isFinal(status: ItemStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}
