import type { ItemFailure } from './failure-description';
import type { ProgressTracker } from './progress-tracker';
import type { QueueItems } from './queue-items';
import type { Item, ItemEvent, QueueJob } from './queue-types';

/** Scheduling priorities: new work at the tail, anything sent back (throttled, retried, probing) at the head. */
export const NORMAL = 0;
export const HEAD = 1;

/**
 * The bookkeeping of one render's life, kept in step: its status (queue-items.ts), the progress counts
 * (progress-tracker.ts) and the 'item' event the run listens to. The queue decides what happens to a
 * render (its policy); this says it the same way everywhere.
 */
export class ItemTransitions<J extends QueueJob> {
  constructor(
    private readonly items: QueueItems<J>,
    private readonly tracker: ProgressTracker,
    private readonly emitItem: (event: ItemEvent) => void,
    private readonly schedule: (item: Item<J>, priority: number) => void,
  ) {}

  /** An attempt begins (the caller has taken a slot). */
  started(item: Item<J>, at: number, inFlight: number): AbortSignal {
    item.attempts++;
    item.startedAt = at;
    this.items.setStatus(item, 'running');
    item.controller = new AbortController();
    item.inFlightAtStart = inFlight;
    this.tracker.markStarted();
    this.emitItem({ id: item.job.id, status: 'running', attempt: item.attempts });
    return item.controller.signal;
  }

  done(item: Item<J>): void {
    this.items.setStatus(item, 'done');
    item.error = undefined;
    this.tracker.markFinished('done');
    this.emitItem({ id: item.job.id, status: 'done', attempt: item.attempts });
  }

  /** An attempt that ended because the run was cancelled. */
  cancelledInFlight(item: Item<J>): void {
    this.items.setStatus(item, 'cancelled');
    this.tracker.markFinished('cancelled');
    this.emitItem({ id: item.job.id, status: 'cancelled', attempt: item.attempts });
  }

  /** Renders that never started (queued or waiting to retry) when the run is cancelled; returns how many. */
  cancelWaiting(): number {
    let cancelled = 0;
    for (const item of this.items.all()) {
      if (item.status !== 'queued' && item.status !== 'retrying') continue;
      clearTimeout(item.retryTimer);
      this.items.setStatus(item, 'cancelled');
      cancelled++;
      this.emitItem({ id: item.job.id, status: 'cancelled', attempt: item.attempts });
    }
    this.tracker.markCancelled(cancelled);
    return cancelled;
  }

  /**
   * Back to the head, the attempt not counted: throttling and outages are the service's state, not the
   * phrase's fault, and a render interrupted by a stopping run is left, unbilled, for the next run.
   */
  requeueAtHead(item: Item<J>, failure?: ItemFailure): void {
    item.attempts--;
    this.items.setStatus(item, 'queued');
    this.tracker.markFinished('requeued');
    this.emitItem({ id: item.job.id, status: 'queued', attempt: item.attempts, ...(failure ? { error: failure } : {}) });
    this.schedule(item, HEAD);
  }

  /** A failed attempt to try again after `delayMs` (at the head). */
  retryLater(item: Item<J>, failure: ItemFailure, delayMs: number): void {
    this.items.setStatus(item, 'retrying');
    item.error = failure;
    this.tracker.markFinished('requeued');
    this.emitItem({ id: item.job.id, status: 'retrying', attempt: item.attempts, error: failure });
    item.retryTimer = setTimeout(() => this.retryNow(item), delayMs);
  }

  /** A render waiting to retry goes to the head now (the run gave up waiting for the service). */
  retryNow(item: Item<J>): void {
    if (item.status !== 'retrying') return;
    clearTimeout(item.retryTimer);
    this.items.setStatus(item, 'queued');
    this.schedule(item, HEAD);
  }

  failed(item: Item<J>, failure: ItemFailure): void {
    this.items.setStatus(item, 'failed');
    item.error = failure;
    this.tracker.markFinished('failed');
    this.emitItem({ id: item.job.id, status: 'failed', attempt: item.attempts, error: failure });
  }

  /** Every failed render back in the queue with a fresh attempt budget; returns how many. */
  retryFailed(): number {
    const failed = this.items.withStatus('failed');
    for (const item of failed) {
      item.attempts = 0;
      item.error = undefined;
      this.items.setStatus(item, 'queued');
      this.emitItem({ id: item.job.id, status: 'queued', attempt: 0 });
      this.schedule(item, NORMAL);
    }
    this.tracker.markRetried(failed.length);
    return failed.length;
  }
}
