import type { Lease } from '../pool';

/**
 * Leases of a pool that more than one call may share, for an engine whose synthesizer takes several
 * calls at once (`SpeechEngine.callsPerSynthesizer`: an eSpeak worker holds the render it runs and
 * the next). Each call holds a ride; the lease goes back to the pool when its last ride ends, and is
 * destroyed then instead if any ride said its synthesizer must not be reused (a crash, a timeout):
 * the other rides on it fail with it or finish first, and nothing is handed to the next borrower
 * while a call still runs on it.
 *
 * The pool's own counts stay true: a shared lease is one synthesizer in use, whatever rides on it.
 */
export interface Ride<T> {
  readonly resource: T;
  /** Ends this call's ride; `destroyReason`: its synthesizer must not be reused. Idempotent. */
  end(destroyReason?: string): void;
}

interface SharedLease<T> {
  readonly lease: Lease<T>;
  rides: number;
  /** Set by the first ride that ended in a way that rules out reuse. */
  destroyReason: string | undefined;
}

export class SharedLeases<T> {
  private readonly shared = new Set<SharedLease<T>>();

  constructor(private readonly ridesPerLease: number) {}

  /** The first ride on a lease just acquired from the pool. */
  start(lease: Lease<T>): Ride<T> {
    const shared: SharedLease<T> = { lease, rides: 1, destroyReason: undefined };
    if (this.ridesPerLease > 1) this.shared.add(shared);
    return this.rideOn(shared);
  }

  /**
   * One more ride on the lease with the fewest rides that has room and whose resource passes
   * `usable`, or undefined when none has. The caller decides whether riding is fair now (engine-pool.ts).
   */
  join(usable: (resource: T) => boolean): Ride<T> | undefined {
    let best: SharedLease<T> | undefined;
    for (const shared of this.shared) {
      if (shared.destroyReason !== undefined || shared.rides >= this.ridesPerLease || !usable(shared.lease.resource)) continue;
      if (!best || shared.rides < best.rides) best = shared;
    }
    if (!best) return undefined;
    best.rides++;
    return this.rideOn(best);
  }

  private rideOn(shared: SharedLease<T>): Ride<T> {
    let ended = false;
    return {
      resource: shared.lease.resource,
      end: (destroyReason?: string) => {
        if (ended) return;
        ended = true;
        if (destroyReason !== undefined) shared.destroyReason ??= destroyReason;
        if (--shared.rides > 0) return;
        this.shared.delete(shared);
        if (shared.destroyReason !== undefined) shared.lease.destroy(shared.destroyReason);
        else shared.lease.release();
      },
    };
  }
}
