import { EventEmitter } from 'node:events';
import PQueue from 'p-queue';
import type { RunState } from '../../../../shared/model/progress';
import { Congestion } from './congestion';
import { DispatchHold, type HoldReason } from './dispatch-hold';
import { describeAttemptFailure, itemFailureOf, type ItemFailure } from './failure-description';
import { GiveUpWatch, giveUpFailure } from './give-up';
import { HEAD, ItemTransitions, NORMAL } from './item-transitions';
import { ProgressTracker } from './progress-tracker';
import { QueueItems } from './queue-items';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicyOptions } from './retry-policy';
import type { Commit, GenerationQueueEvents, GenerationQueueOptions, Item, ItemEvent, QueueJob, QueueOutcome, QueueSnapshot } from './queue-types';

export type * from './queue-types';

/** Written-but-not-yet-settled renders a queue allows by default (queue-types.ts, `maxCommitting`). */
export const DEFAULT_MAX_COMMITTING = 16;

/**
 * The generation queue: which render runs next, how many at once, what happens when one fails. p-queue
 * does the mechanics (priorities, pause, runtime concurrency); this class is the policy: requeue at the
 * head on throttling, outage holds with one-render probes, retries with backoff, stop-the-run errors,
 * giving up, progress. How fast it may send: congestion.ts; holds: dispatch-hold.ts; a render's status,
 * counts and events kept in step: item-transitions.ts.
 */
export class GenerationQueue<J extends QueueJob> extends EventEmitter<GenerationQueueEvents> {
  private readonly scheduler = new PQueue({ autoStart: false, concurrency: 1 });
  private readonly items = new QueueItems<J>();
  private readonly congestion: Congestion;
  private readonly hold: DispatchHold;
  private readonly retry: RetryPolicyOptions;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly tracker: ProgressTracker;
  private readonly transitions: ItemTransitions<J>;
  private runState: RunState = 'idle';
  private inFlight = 0;
  /** Renders whose service call is done and whose result is being written. */
  private committing = 0;
  private readonly maxCommitting: number;
  private readonly giveUp: GiveUpWatch;
  private stopReason: ItemFailure | null = null;
  private maxConcurrency: number;
  private settledWaiters: Array<(outcome: QueueOutcome) => void> = [];

  constructor(private readonly options: GenerationQueueOptions<J>) {
    super();
    this.maxConcurrency = options.maxConcurrency;
    this.maxCommitting = Math.max(1, options.maxCommitting ?? DEFAULT_MAX_COMMITTING);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.congestion = new Congestion({
      maxConcurrency: options.maxConcurrency,
      ...(options.initialConcurrency !== undefined ? { initialConcurrency: options.initialConcurrency } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      outageThreshold: this.retry.outageThreshold,
      now: this.now,
    });
    const msWithoutSuccess = (): number => this.congestion.msWithoutSuccess();
    this.giveUp = new GiveUpWatch(options.giveUpAfterMs, msWithoutSuccess, (waitedMs) => this.onGiveUpDeadline(waitedMs));
    this.hold = new DispatchHold(this.now, () => {
      if (this.runState === 'holding') this.setState('running');
      else this.applySchedulerState();
    });
    this.random = options.random ?? Math.random;
    this.tracker = new ProgressTracker(0, this.now);
    this.transitions = new ItemTransitions(
      this.items,
      this.tracker,
      (event) => this.emit('item', event),
      (item, priority) => this.schedule(item, priority),
    );
  }

  get state(): RunState {
    return this.runState;
  }

  /** Adds jobs to the tail. `alreadyDone` counts renders satisfied from the cache, for progress. */
  enqueue(jobs: readonly J[], alreadyDone = 0): void {
    const items = this.items.add(jobs);
    this.tracker.addTotal(jobs.length + alreadyDone);
    this.tracker.markCached(alreadyDone);
    for (const item of items) this.schedule(item, NORMAL);
  }

  /** Starts (or restarts after a stop) and resolves when every item has settled, or on cancel/stop. */
  run(): Promise<QueueOutcome> {
    const settled = new Promise<QueueOutcome>((resolve) => this.settledWaiters.push(resolve));
    if (this.runState === 'idle' || this.runState === 'stopped' || this.runState === 'finished') {
      this.stopReason = null;
      this.congestion.restartClock();
      this.setState('running');
    }
    this.giveUp.arm();
    this.checkSettled();
    return settled;
  }

  pause(): void {
    if (this.runState !== 'running' && this.runState !== 'holding') return;
    this.tracker.setPaused(true);
    this.giveUp.disarm();
    this.setState('paused');
  }

  resume(): void {
    // A pause is the producer's time, not the service's: the give-up clock starts again.
    this.congestion.restartClock();
    if (this.runState === 'paused') {
      this.tracker.setPaused(false);
      this.setState(this.hold.active ? 'holding' : 'running');
    } else if (this.runState === 'stopped') {
      this.stopReason = null;
      this.setState('running');
    }
    this.giveUp.arm();
  }

  /** Stops dispatch, aborts renders in flight and marks everything unfinished as cancelled. */
  cancel(): void {
    if (this.runState === 'cancelled' || this.runState === 'finished') return;
    this.scheduler.clear();
    this.hold.clear();
    // Renders in flight settle (as cancelled) when their execute() returns.
    for (const item of this.items.all()) if (item.status === 'running') item.controller?.abort(new Error('Run cancelled'));
    this.transitions.cancelWaiting();
    this.setState('cancelled');
    this.checkSettled();
  }

  /** Puts every failed render back in the queue with a fresh attempt budget. */
  retryFailed(): number {
    const retried = this.transitions.retryFailed();
    if (retried && (this.runState === 'finished' || this.runState === 'stopped')) this.setState('running');
    return retried;
  }

  /** The pool learned a lower connection cap, or the user changed max connections. */
  setMaxConcurrency(max: number): void {
    this.maxConcurrency = Math.max(1, max);
    this.congestion.limit.setMax(this.maxConcurrency);
    this.applySchedulerState();
  }

  snapshot(): QueueSnapshot {
    return {
      state: this.runState,
      // A render being written is still running for the producer: it is not done until its file is.
      progress: { ...this.tracker.snapshot(), running: this.inFlight + this.committing },
      inFlight: this.inFlight + this.committing,
      maxConcurrency: this.maxConcurrency,
      hold: this.hold.current,
      ...this.congestion.readout(this.maxConcurrency),
      stopReason: this.stopReason,
    };
  }

  itemStatus(id: string): ItemEvent | undefined {
    return this.items.event(id);
  }

  /** Renders not done, failed or cancelled (queued, retrying, running): what a stopped run left. */
  unfinished(): J[] {
    return this.items.unfinished();
  }

  failures(): Array<{ job: J; error: ItemFailure; attempts: number }> {
    return this.items.failures();
  }

  private schedule(item: Item<J>, priority: number): void {
    void this.scheduler.add(() => this.attempt(item), { priority });
  }

  private async attempt(item: Item<J>): Promise<void> {
    if (item.status !== 'queued') return; // cancelled while waiting
    if (!this.dispatching() || !this.roomToCommit()) {
      // p-queue started us in the instant before a pause or hold took effect (or the writes filled up): go back to the head.
      this.schedule(item, HEAD);
      return;
    }
    const wait = this.congestion.waitBeforeStart();
    if (wait > 0) {
      this.schedule(item, HEAD);
      this.startHold('rate-limit', wait);
      return;
    }
    this.inFlight++;
    const signal = this.transitions.started(item, this.now(), this.inFlight);
    let commit: Commit | void;
    try {
      commit = await this.options.execute(item.job, signal);
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
    // The service's part is done: that is what the throttle and outage accounting must hear now,
    // before the file is written (a slow fsync let the next throttle land first, issue 9).
    this.onServiceSuccess(item);
    if (!commit) {
      this.transitions.done(item);
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
      this.transitions.done(item);
    } catch (error) {
      this.onFailure(item, error);
    } finally {
      this.committing--;
      this.applySchedulerState();
      this.checkSettled();
    }
  }

  private onServiceSuccess(item: Item<J>): void {
    const startedAt = item.startedAt ?? Number.NEGATIVE_INFINITY;
    this.congestion.onServiceSuccess(startedAt, item.inFlightAtStart ?? 1, this.inFlight);
  }

  private onFailure(item: Item<J>, error: unknown): void {
    const aborted = item.controller?.signal.aborted ?? false;
    if (aborted && this.runState === 'stopping') {
      // Aborted because the run gave up: the render was not refused, it is left for the next run.
      this.transitions.requeueAtHead(item);
      return;
    }
    const described = describeAttemptFailure(error, aborted, this.runState === 'cancelled', this.options.describeError);
    const failure = itemFailureOf(described);
    const { throttleHoldAllowed } = this.congestion.onAttemptFailure(described, item.startedAt ?? Number.NEGATIVE_INFINITY, item.inFlightAtStart ?? 1);
    if (failure.kind === 'throttled') this.emit('throttle', failure);
    const networkFailures = this.congestion.networkFailures;

    const decision = decideRetry(
      {
        kind: failure.kind,
        attempts: item.attempts,
        consecutiveThrottles: throttleHoldAllowed ? this.congestion.consecutiveThrottles : 0,
        consecutiveNetworkFailures: networkFailures,
        ...(described.retryAfterMs !== undefined ? { retryAfterMs: described.retryAfterMs } : {}),
      },
      this.retry,
      this.random,
    );

    switch (decision.action) {
      case 'cancelled':
        this.transitions.cancelledInFlight(item);
        return;
      case 'requeue':
        // Throttling and outages: the phrase goes back to the head, uncounted, and dispatch waits.
        this.transitions.requeueAtHead(item, failure);
        if (decision.reason === 'outage') this.congestion.probing = true;
        this.startHold(decision.reason, decision.holdMs);
        return;
      case 'retry':
        this.transitions.retryLater(item, failure, decision.delayMs);
        return;
      case 'fail':
        this.transitions.failed(item, failure);
        return;
      case 'stop-run':
        // Auth/quota/disk: every further call would fail the same way (or be billed for nothing).
        this.stopReason ??= failure;
        this.transitions.requeueAtHead(item, failure);
        if (this.runState !== 'cancelled') this.setState('stopping');
        return;
    }
  }

  /** No completed turn for the give-up time: stop, leaving every unfinished render pending. */
  private onGiveUpDeadline(waitedMs: number): boolean {
    if (this.runState === 'paused') return false; // resume() re-arms
    if (this.runState !== 'running' && this.runState !== 'holding') return false;
    if (!this.items.open) return true;
    this.stopReason = giveUpFailure({ sinceMs: this.now() - waitedMs, waitedMs, lastError: this.congestion.lastError }, this.options.describeGiveUp);
    this.hold.clear();
    this.setState('stopping');
    for (const item of this.items.all()) if (item.status === 'running') item.controller?.abort(new Error('The run gave up'));
    for (const item of this.items.all()) this.transitions.retryNow(item);
    this.checkSettled();
    return false;
  }

  private startHold(reason: HoldReason, ms: number): void {
    if (!this.hold.start(reason, ms)) return;
    if (this.runState === 'running') this.setState('holding');
    else this.applySchedulerState();
  }

  private dispatching(): boolean {
    return this.runState === 'running' && !this.hold.active;
  }

  /** Backpressure from the disk: a render starts only while fewer than maxCommitting wait to be written. */
  private roomToCommit(): boolean {
    return this.committing < this.maxCommitting;
  }

  private applySchedulerState(): void {
    this.scheduler.concurrency = this.congestion.effectiveConcurrency(this.maxConcurrency);
    if (this.dispatching() && this.roomToCommit()) this.scheduler.start();
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
      this.hold.clear();
      this.setState('stopped');
    }
    const open = this.items.open;
    let outcome: QueueOutcome | undefined;
    if (this.runState === 'cancelled' && this.inFlight === 0 && this.committing === 0) outcome = { state: 'cancelled', stopReason: null };
    else if (this.runState === 'stopped') outcome = { state: 'stopped', stopReason: this.stopReason };
    else if (!open && (this.runState === 'running' || this.runState === 'holding')) {
      this.hold.clear();
      this.setState('finished');
      outcome = { state: 'finished', stopReason: null };
    }
    if (!outcome) return;
    this.giveUp.disarm();
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve(outcome);
  }
}
