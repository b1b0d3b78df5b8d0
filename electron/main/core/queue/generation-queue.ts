import { EventEmitter } from 'node:events';
import PQueue from 'p-queue';
import type { HoldReason, RunProgress, RunState } from '../../../../shared/model/progress';
import type { SynthesisErrorKind } from '../engines/synthesis-error';
import { AdaptiveLimit } from './adaptive-limit';
import { ProgressTracker } from './progress-tracker';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicyOptions } from './retry-policy';
import { ThrottleRate } from './throttle-rate';
import { TokenBucket } from './token-bucket';

/**
 * The generation queue: which render runs next, how many at once, and what happens when one fails.
 * p-queue does the mechanics (priorities, pause, runtime concurrency); this class is the policy on
 * top: adaptive concurrency, requeue-at-head on throttling, outage holds with single-render probes,
 * per-item retries with jittered backoff, stop-the-run errors, progress.
 */

export type FailureKind = SynthesisErrorKind | 'unknown' | 'fatal-local';
export type ItemStatus = 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'cancelled';

/** The second phase of a render (persisting it), run outside the concurrency limit. */
export type Commit = () => Promise<void>;

export interface QueueJob {
  /** Unique within the queue, e.g. `p001/target-slow`. */
  readonly id: string;
}

export interface ItemFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly detail?: string;
}

export interface ItemEvent {
  readonly id: string;
  readonly status: ItemStatus;
  readonly attempt: number;
  readonly error?: ItemFailure;
}

export type { HoldReason };

export interface QueueSnapshot {
  readonly state: RunState;
  readonly progress: RunProgress;
  /** Renders started and not yet settled: calling the service, or writing the result. */
  readonly inFlight: number;
  readonly concurrencyLimit: number;
  readonly maxConcurrency: number;
  readonly hold: { readonly reason: HoldReason; readonly untilMs: number } | null;
  readonly throttleEvents: number;
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
  describeError(error: unknown): ItemFailure & { readonly retryAfterMs?: number };
  /** The pool's size: renders in flight never exceed it. */
  maxConcurrency: number;
  /** Where the adaptive limit starts (default: maxConcurrency). */
  initialConcurrency?: number;
  /** A known quota, e.g. F0: { count: 20, intervalMs: 60_000 }. */
  rateLimit?: { readonly count: number; readonly intervalMs: number };
  retry?: Partial<RetryPolicyOptions>;
  now?: () => number;
  random?: () => number;
}

interface Item<J> {
  readonly job: J;
  status: ItemStatus;
  attempts: number;
  /** When the current (or last) attempt was dispatched, on the queue's clock. */
  startedAt?: number;
  controller?: AbortController;
  retryTimer?: NodeJS.Timeout;
  error?: ItemFailure;
}

const NORMAL = 0;
const HEAD = 1;

export interface GenerationQueueEvents {
  item: [ItemEvent];
  state: [RunState];
  throttle: [ItemFailure];
}

export class GenerationQueue<J extends QueueJob> extends EventEmitter<GenerationQueueEvents> {
  private readonly scheduler = new PQueue({ autoStart: false, concurrency: 1 });
  private readonly items = new Map<string, Item<J>>();
  private readonly limit: AdaptiveLimit;
  private readonly bucket: TokenBucket | undefined;
  private readonly throttleRate: ThrottleRate;
  private readonly retry: RetryPolicyOptions;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly tracker: ProgressTracker;
  private runState: RunState = 'idle';
  private inFlight = 0;
  /** Renders whose service call is done and whose result is being written. */
  private committing = 0;
  private hold: { reason: HoldReason; untilMs: number; timer: NodeJS.Timeout } | undefined;
  private probing = false;
  private consecutiveThrottles = 0;
  private consecutiveNetworkFailures = 0;
  /**
   * Congestion waves (TCP counts one loss event per round trip): renders dispatched before the last
   * counted throttle, or outage failure, were sent into the same conditions, so their failures are
   * the same event. Counting each as its own would cut the limit to 1 and push the hold to its cap
   * whenever the whole pool is throttled at once (8 renders → 0.7^8, 2^8 backoff).
   */
  private lastThrottleWaveAt = Number.NEGATIVE_INFINITY;
  private lastOutageWaveAt = Number.NEGATIVE_INFINITY;
  private lastNetworkFailureAt = Number.NEGATIVE_INFINITY;
  private outageWaves = 0;
  private throttleEvents = 0;
  private stopReason: ItemFailure | null = null;
  private maxConcurrency: number;
  private settledWaiters: Array<(outcome: QueueOutcome) => void> = [];
  /** Items in a final state (done, failed, cancelled); kept as a count so settling is O(1). */
  private settledCount = 0;

  constructor(private readonly options: GenerationQueueOptions<J>) {
    super();
    this.maxConcurrency = options.maxConcurrency;
    this.limit = new AdaptiveLimit({ initial: options.initialConcurrency ?? options.maxConcurrency, max: options.maxConcurrency });
    this.bucket = options.rateLimit ? TokenBucket.perInterval(options.rateLimit.count, options.rateLimit.intervalMs, Math.max(1, Math.floor(options.rateLimit.count / 4)), options.now) : undefined;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.throttleRate = new ThrottleRate(options.now ? { now: options.now } : {});
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.tracker = new ProgressTracker(0, this.now);
  }

  get state(): RunState {
    return this.runState;
  }

  /** Adds jobs to the tail. `alreadyDone` counts renders satisfied from the cache, for progress. */
  enqueue(jobs: readonly J[], alreadyDone = 0): void {
    for (const job of jobs) if (this.items.has(job.id)) throw new Error(`Duplicate job id ${job.id}`);
    this.tracker.addTotal(jobs.length + alreadyDone);
    this.tracker.markCached(alreadyDone);
    for (const job of jobs) {
      const item: Item<J> = { job, status: 'queued', attempts: 0 };
      this.items.set(job.id, item);
      this.schedule(item, NORMAL);
    }
  }

  /** Starts (or restarts after a stop) and resolves when every item has settled, or on cancel/stop. */
  run(): Promise<QueueOutcome> {
    const settled = new Promise<QueueOutcome>((resolve) => this.settledWaiters.push(resolve));
    if (this.runState === 'idle' || this.runState === 'stopped' || this.runState === 'finished') {
      this.stopReason = null;
      this.setState('running');
    }
    this.checkSettled();
    return settled;
  }

  pause(): void {
    if (this.runState !== 'running' && this.runState !== 'holding') return;
    this.tracker.setPaused(true);
    this.setState('paused');
  }

  resume(): void {
    if (this.runState === 'paused') {
      this.tracker.setPaused(false);
      this.setState(this.hold ? 'holding' : 'running');
    } else if (this.runState === 'stopped') {
      this.stopReason = null;
      this.setState('running');
    }
  }

  /** Stops dispatch, aborts renders in flight and marks everything unfinished as cancelled. */
  cancel(): void {
    if (this.runState === 'cancelled' || this.runState === 'finished') return;
    this.scheduler.clear();
    this.clearHold();
    let cancelled = 0;
    for (const item of this.items.values()) {
      if (item.status === 'running') {
        item.controller?.abort(new Error('Run cancelled'));
        continue; // settles (as cancelled) when its execute() returns
      }
      if (item.status === 'queued' || item.status === 'retrying') {
        clearTimeout(item.retryTimer);
        this.setItemStatus(item, 'cancelled');
        cancelled++;
        this.emit('item', { id: item.job.id, status: 'cancelled', attempt: item.attempts });
      }
    }
    this.tracker.markCancelled(cancelled);
    this.setState('cancelled');
    this.checkSettled();
  }

  /** Puts every failed render back in the queue with a fresh attempt budget. */
  retryFailed(): number {
    const failed = [...this.items.values()].filter((item) => item.status === 'failed');
    for (const item of failed) {
      item.attempts = 0;
      item.error = undefined;
      this.setItemStatus(item, 'queued');
      this.emit('item', { id: item.job.id, status: 'queued', attempt: 0 });
      this.schedule(item, NORMAL);
    }
    this.tracker.markRetried(failed.length);
    if (failed.length && (this.runState === 'finished' || this.runState === 'stopped')) this.setState('running');
    return failed.length;
  }

  /** The pool learned a lower connection cap, or the user changed max connections. */
  setMaxConcurrency(max: number): void {
    this.maxConcurrency = Math.max(1, max);
    this.limit.setMax(this.maxConcurrency);
    this.applySchedulerState();
  }

  snapshot(): QueueSnapshot {
    return {
      state: this.runState,
      // A render being written is still running for the producer: it is not done until its file is.
      progress: { ...this.tracker.snapshot(), running: this.inFlight + this.committing },
      inFlight: this.inFlight + this.committing,
      concurrencyLimit: this.effectiveConcurrency(),
      maxConcurrency: this.maxConcurrency,
      hold: this.hold ? { reason: this.hold.reason, untilMs: this.hold.untilMs } : null,
      throttleEvents: this.throttleEvents,
      stopReason: this.stopReason,
    };
  }

  itemStatus(id: string): ItemEvent | undefined {
    const item = this.items.get(id);
    return item && { id, status: item.status, attempt: item.attempts, ...(item.error ? { error: item.error } : {}) };
  }

  failures(): Array<{ job: J; error: ItemFailure; attempts: number }> {
    return [...this.items.values()].filter((item) => item.status === 'failed' && item.error).map((item) => ({ job: item.job, error: item.error!, attempts: item.attempts }));
  }

  private setItemStatus(item: Item<J>, status: ItemStatus): void {
    const wasFinal = isFinal(item.status);
    item.status = status;
    this.settledCount += Number(isFinal(status)) - Number(wasFinal);
  }

  private schedule(item: Item<J>, priority: number): void {
    void this.scheduler.add(() => this.attempt(item), { priority });
  }

  private async attempt(item: Item<J>): Promise<void> {
    if (item.status !== 'queued') return; // cancelled while waiting
    if (!this.dispatching()) {
      // p-queue started us in the instant before a pause or hold took effect: go back to the head.
      this.schedule(item, HEAD);
      return;
    }
    const wait = this.bucket?.tryTake() || this.throttleRate.tryTake();
    if (wait > 0) {
      this.schedule(item, HEAD);
      this.startHold('rate-limit', wait);
      return;
    }
    item.attempts++;
    item.startedAt = this.now();
    this.setItemStatus(item, 'running');
    item.controller = new AbortController();
    this.inFlight++;
    this.tracker.markStarted();
    this.emit('item', { id: item.job.id, status: 'running', attempt: item.attempts });
    let commit: Commit | void;
    try {
      commit = await this.options.execute(item.job, item.controller.signal);
    } catch (error) {
      this.inFlight--;
      this.onFailure(item, error);
      item.controller = undefined;
      this.applySchedulerState();
      this.checkSettled();
      return;
    }
    this.inFlight--;
    item.controller = undefined;
    if (!commit) {
      this.onSuccess(item);
      this.applySchedulerState();
      this.checkSettled();
      return;
    }
    // The service's part is done: free the slot now, so the next render starts while this one's file
    // is written and journalled (a socket never idles behind an fsync). The item settles after the commit.
    this.committing++;
    this.applySchedulerState();
    void this.finishCommit(item, commit);
  }

  private async finishCommit(item: Item<J>, commit: Commit): Promise<void> {
    try {
      await commit();
      this.onSuccess(item);
    } catch (error) {
      this.onFailure(item, error);
    } finally {
      this.committing--;
      this.applySchedulerState();
      this.checkSettled();
    }
  }

  private onSuccess(item: Item<J>): void {
    this.setItemStatus(item, 'done');
    item.error = undefined;
    // Only a render dispatched after the last failure says anything about the service NOW: one that
    // was already writing its file when an outage began must not end the outage (or a throttle streak).
    const startedAt = item.startedAt ?? Number.NEGATIVE_INFINITY;
    if (startedAt > this.lastThrottleWaveAt) this.consecutiveThrottles = 0;
    if (startedAt > this.lastNetworkFailureAt) {
      this.consecutiveNetworkFailures = 0;
      this.outageWaves = 0;
      this.probing = false;
    }
    this.limit.onSuccess(this.inFlight + 1);
    this.throttleRate.onSuccess();
    this.tracker.markFinished('done');
    this.emit('item', { id: item.job.id, status: 'done', attempt: item.attempts });
  }

  private onFailure(item: Item<J>, error: unknown): void {
    const described = item.controller?.signal.aborted || this.runState === 'cancelled' ? { kind: 'cancelled' as const, message: 'Cancelled' } : this.options.describeError(error);
    const failure: ItemFailure = { kind: described.kind, message: described.message, ...(described.detail ? { detail: described.detail } : {}) };
    const startedAt = item.startedAt ?? Number.NEGATIVE_INFINITY;
    if (failure.kind === 'throttled') {
      this.throttleEvents++;
      if (startedAt > this.lastThrottleWaveAt) {
        // A new wave: back off further and cut the limit once (see lastThrottleWaveAt).
        this.consecutiveThrottles++;
        // A concurrency limit ("concurrent request limit", close 4429) is met by fewer renders in
        // flight; a request-rate quota ("too many requests") by starting them more slowly, just under
        // what the service was accepting. Cutting concurrency for a rate quota starves the pool.
        const accepted = this.tracker.recentRate(2_000);
        if (isConcurrencyThrottle(failure) || accepted === 0) this.limit.onThrottle();
        else this.throttleRate.onThrottleWave(accepted);
        this.lastThrottleWaveAt = this.now();
      }
      this.emit('throttle', failure);
    } else if (failure.kind === 'network') {
      // Every failure counts towards detecting an outage; once in one, only a new wave lengthens the hold.
      this.consecutiveNetworkFailures++;
      this.lastNetworkFailureAt = this.now();
      if (this.consecutiveNetworkFailures >= this.retry.outageThreshold && startedAt > this.lastOutageWaveAt) {
        this.outageWaves++;
        this.lastOutageWaveAt = this.now();
      }
    }
    const networkFailures =
      this.consecutiveNetworkFailures >= this.retry.outageThreshold ? this.retry.outageThreshold - 1 + this.outageWaves : this.consecutiveNetworkFailures;

    const decision = decideRetry(
      {
        kind: failure.kind,
        attempts: item.attempts,
        consecutiveThrottles: this.consecutiveThrottles,
        consecutiveNetworkFailures: networkFailures,
        ...('retryAfterMs' in described && described.retryAfterMs !== undefined ? { retryAfterMs: described.retryAfterMs } : {}),
      },
      this.retry,
      this.random,
    );

    switch (decision.action) {
      case 'cancelled':
        this.setItemStatus(item, 'cancelled');
        this.tracker.markFinished('cancelled');
        this.emit('item', { id: item.job.id, status: 'cancelled', attempt: item.attempts });
        return;
      case 'requeue':
        // Throttling and outages are the service's state, not the phrase's fault: the attempt is not
        // counted, the phrase goes back to the head, and dispatch waits.
        item.attempts--;
        this.setItemStatus(item, 'queued');
        this.tracker.markFinished('requeued');
        this.emit('item', { id: item.job.id, status: 'queued', attempt: item.attempts, error: failure });
        this.schedule(item, HEAD);
        if (decision.reason === 'outage') this.probing = true;
        this.startHold(decision.reason, decision.holdMs);
        return;
      case 'retry':
        this.setItemStatus(item, 'retrying');
        item.error = failure;
        this.tracker.markFinished('requeued');
        this.emit('item', { id: item.job.id, status: 'retrying', attempt: item.attempts, error: failure });
        item.retryTimer = setTimeout(() => {
          if (item.status !== 'retrying') return;
          this.setItemStatus(item, 'queued');
          this.schedule(item, HEAD);
        }, decision.delayMs);
        return;
      case 'fail':
        this.setItemStatus(item, 'failed');
        item.error = failure;
        this.tracker.markFinished('failed');
        this.emit('item', { id: item.job.id, status: 'failed', attempt: item.attempts, error: failure });
        return;
      case 'stop-run':
        // Auth/quota/disk: every further call would fail the same way (or be billed for nothing).
        item.attempts--;
        this.setItemStatus(item, 'queued');
        this.tracker.markFinished('requeued');
        this.schedule(item, HEAD);
        this.stopReason ??= failure;
        this.emit('item', { id: item.job.id, status: 'queued', attempt: item.attempts, error: failure });
        if (this.runState !== 'cancelled') this.setState('stopping');
        return;
    }
  }

  private startHold(reason: HoldReason, ms: number): void {
    if (ms <= 0) return;
    const untilMs = this.now() + ms;
    if (this.hold && this.hold.untilMs >= untilMs) return;
    this.clearHold();
    const timer = setTimeout(() => {
      this.hold = undefined;
      if (this.runState === 'holding') this.setState('running');
      else this.applySchedulerState();
    }, ms);
    this.hold = { reason, untilMs, timer };
    if (this.runState === 'running') this.setState('holding');
    else this.applySchedulerState();
  }

  private clearHold(): void {
    if (this.hold) clearTimeout(this.hold.timer);
    this.hold = undefined;
  }

  private dispatching(): boolean {
    return this.runState === 'running' && !this.hold;
  }

  private effectiveConcurrency(): number {
    return this.probing ? 1 : Math.max(1, Math.min(this.maxConcurrency, this.limit.limit));
  }

  private applySchedulerState(): void {
    this.scheduler.concurrency = this.effectiveConcurrency();
    if (this.dispatching()) this.scheduler.start();
    else this.scheduler.pause();
  }

  private setState(state: RunState): void {
    if (this.runState !== state) {
      this.runState = state;
      this.emit('state', state);
    }
    this.applySchedulerState();
  }

  private checkSettled(): void {
    if (this.runState === 'stopping' && this.inFlight === 0 && this.committing === 0) {
      this.clearHold();
      this.setState('stopped');
    }
    const open = this.items.size - this.settledCount > 0;
    let outcome: QueueOutcome | undefined;
    if (this.runState === 'cancelled' && this.inFlight === 0 && this.committing === 0) outcome = { state: 'cancelled', stopReason: null };
    else if (this.runState === 'stopped') outcome = { state: 'stopped', stopReason: this.stopReason };
    else if (!open && (this.runState === 'running' || this.runState === 'holding')) {
      this.clearHold();
      this.setState('finished');
      outcome = { state: 'finished', stopReason: null };
    }
    if (!outcome) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve(outcome);
  }
}

function isFinal(status: ItemStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

function isConcurrencyThrottle(failure: ItemFailure): boolean {
  return /4429|concurren/i.test(`${failure.message} ${failure.detail ?? ''}`);
}
