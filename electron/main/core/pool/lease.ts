// One borrow of one pooled resource. The lease, not the resource, is what gets returned, so a
// double release, or a release after the pool force-destroyed the resource, cannot put an object
// back twice or hand it to two borrowers: only the first call on a live lease reaches the pool.

import type { Lease } from './pool-options';

/** Bookkeeping for one live resource; owned by the pool, never exposed. */
export interface Entry<T> {
  readonly resource: T;
  /** Pool clock time after which the resource is retired when next idle (Infinity: never). */
  readonly retireAt: number;
  idleSince: number;
  uses: number;
  /** Flagged by markAllForRetirement: destroy instead of reusing. */
  retire: boolean;
  /** The lease currently holding it; null while idle. */
  lease: LeaseImpl<T> | null;
}

/** What a lease may ask of its pool; a narrow interface so Lease need not see Pool's internals. */
export interface LeaseOwner<T> {
  returnEntry(entry: Entry<T>): void;
  destroyEntry(entry: Entry<T>, reason: string): void;
}

export class LeaseImpl<T> implements Lease<T> {
  readonly resource: T;

  constructor(
    private readonly entry: Entry<T>,
    private readonly owner: LeaseOwner<T>,
  ) {
    this.resource = entry.resource;
  }

  /** Live while the entry still points at this lease; the pool clears it on release, destroy or force-close. */
  private take(): boolean {
    if (this.entry.lease !== this) return false;
    this.entry.lease = null;
    return true;
  }

  release(): void {
    if (this.take()) this.owner.returnEntry(this.entry);
  }

  destroy(reason = 'broken'): void {
    if (this.take()) this.owner.destroyEntry(this.entry, reason);
  }
}
