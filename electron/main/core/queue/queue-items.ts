import type { ItemFailure } from './failure-description';
import { isFinal, type Item, type ItemEvent, type ItemStatus, type QueueJob } from './queue-types';

/** The queue's items by id, with the count of settled ones kept as it changes (settling is O(1)). */
export class QueueItems<J extends QueueJob> {
  private readonly items = new Map<string, Item<J>>();
  private settled = 0;

  /** Adds queued items for the jobs; throws on an id already present (before adding any). */
  add(jobs: readonly J[]): Array<Item<J>> {
    for (const job of jobs) if (this.items.has(job.id)) throw new Error(`Duplicate job id ${job.id}`);
    return jobs.map((job) => {
      const item: Item<J> = { job, status: 'queued', attempts: 0 };
      this.items.set(job.id, item);
      return item;
    });
  }

  setStatus(item: Item<J>, status: ItemStatus): void {
    const wasFinal = isFinal(item.status);
    item.status = status;
    this.settled += Number(isFinal(status)) - Number(wasFinal);
  }

  /** Whether some item is not done, failed or cancelled yet. */
  get open(): boolean {
    return this.items.size > this.settled;
  }

  all(): IterableIterator<Item<J>> {
    return this.items.values();
  }

  withStatus(status: ItemStatus): Array<Item<J>> {
    return [...this.items.values()].filter((item) => item.status === status);
  }

  event(id: string): ItemEvent | undefined {
    const item = this.items.get(id);
    return item && { id, status: item.status, attempt: item.attempts, ...(item.error ? { error: item.error } : {}) };
  }

  unfinished(): J[] {
    return [...this.items.values()].filter((item) => !isFinal(item.status)).map((item) => item.job);
  }

  failures(): Array<{ job: J; error: ItemFailure; attempts: number }> {
    return this.withStatus('failed')
      .filter((item) => item.error)
      .map((item) => ({ job: item.job, error: item.error!, attempts: item.attempts }));
  }
}
