// Whether the pool may start a create now. While the factory works: as many as demand asks for.
// After a failure: one probe at a time, each only once its backoff (backoff.ts) has elapsed, and a
// single timer to come back when it has; the last error is kept to explain an acquire timeout.
//
// Creates that were already in flight when a failure was counted fail for the same reason at the
// same moment (a service refusing every upgrade while its rate window is full, a network that went
// down): they are one failure, not one each. Counting each doubled the backoff eight times over
// when a pool of 8 lost its sockets at once, and a gateway's 429 window that clears in under a
// second stalled every render for a second (issue 9, gateway form).

import { createBackoffDelay } from './backoff';

export interface CreateGateOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly now: () => number;
  readonly random: () => number;
}

export class CreateGate {
  /** Consecutive failed creates; while > 0, one create at a time and only after `openAt`. */
  private failures = 0;
  private openAt = 0;
  /** Creates started so far (each create's ticket is its number). */
  private started = 0;
  /** `started` when the last counted failure was reported: creates with a lower ticket were in its wave. */
  private countedAtTicket = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastError: unknown;

  constructor(private readonly options: CreateGateOptions) {}

  /** True while the last create failed (and none has succeeded since). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** The error of the last failed create while failing, else undefined. */
  get cause(): unknown {
    return this.failures > 0 ? this.lastError : undefined;
  }

  /** May a create start, with `inFlight` creates already running? (Size limits are the pool's.) */
  allows(inFlight: number): boolean {
    return this.failures === 0 || (inFlight === 0 && this.options.now() >= this.openAt);
  }

  succeeded(): void {
    this.failures = 0;
  }

  /** A create starts: its ticket, to pass to failed(). */
  createStarted(): number {
    return ++this.started;
  }

  /** The create with this ticket failed (without a ticket, the failure always counts). */
  failed(error: unknown, ticket = Number.POSITIVE_INFINITY): void {
    this.lastError = error;
    if (this.failures > 0 && ticket <= this.countedAtTicket) return; // in flight when the last failure counted: same wave
    this.failures++;
    this.countedAtTicket = this.started;
    this.openAt = this.options.now() + createBackoffDelay(this.failures, this.options.baseMs, this.options.maxMs, this.options.random);
  }

  /** Calls `retry` once the backoff has elapsed (no-op while a call is already scheduled). */
  retryWhenOpen(retry: () => void): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        retry();
      },
      Math.max(0, this.openAt - this.options.now()),
    );
  }

  /** Drops a scheduled retry (the pool is draining). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
