// A generic resource pool (eSpeak worker threads, Azure SpeechSynthesizers). Design notes in README.md;
// the short version: waiters are promises woken by hand-off (no polling), creates happen only for
// unserved demand and back off after failures, broken resources are destroyed (slots, not objects,
// are counted), and every call into user code is bounded by a timeout.

import { EventEmitter } from 'node:events';
import { CreateGate } from './create-gate';
import { retireAtFor, unfitReason } from './entry-fitness';
import { AcquireTimeoutError, CreateTimeoutError, PoolClosedError, abortReason } from './errors';
import { LeaseImpl, type Entry, type LeaseOwner } from './lease';
import { PercentileWindow } from './percentile-window';
import { assertMax, resolvePoolOptions } from './pool-options';
import type { AcquireOptions, CloseOptions, Lease, PoolEvents, PoolOptions, PoolStats, ResolvedPoolOptions, UseOptions } from './pool-options';
import { settleWithin } from './settle-within';
import { useLease } from './use-lease';
import { WaiterQueue } from './waiter-queue';

type CreateOutcome = { ok: true } | { ok: false; error: unknown };

export class Pool<T> {
  private readonly opts: ResolvedPoolOptions<T>;
  private maxSize: number;
  /** A stack: the end is the most recently returned, so hot resources stay hot and spares age out. */
  private readonly idle: Entry<T>[] = [];
  private readonly inUse = new Set<Entry<T>>();
  private readonly waiters: WaiterQueue<Lease<T>>;
  private readonly creating = new Set<AbortController>();
  private readonly destroying = new Set<Promise<void>>();
  private readonly waits = new PercentileWindow();
  private readonly events = new EventEmitter();
  private readonly owner: LeaseOwner<T>;
  private readonly housekeeper: ReturnType<typeof setInterval>;
  private readonly counters = { created: 0, destroyed: 0, createFailures: 0, acquireTimeouts: 0, borrowed: 0 };
  private readonly gate: CreateGate;
  private draining = false;
  private closed = false;
  private drainPromise: Promise<void> | null = null;
  private drainResolve: (() => void) | null = null;
  private closePromise: Promise<void> | null = null;

  constructor(options: PoolOptions<T>) {
    this.opts = resolvePoolOptions(options);
    this.maxSize = this.opts.max;
    this.gate = new CreateGate({ ...this.opts.createBackoff, now: this.opts.now, random: this.opts.random });
    this.waiters = new WaiterQueue<Lease<T>>({
      now: () => this.opts.now(),
      onTimeout: (waiter) => {
        this.counters.acquireTimeouts++;
        // With creates failing, say why nothing came: the last create error is the cause.
        waiter.reject(new AcquireTimeoutError(waiter.timeoutMs, this.gate.cause));
        this.changed();
      },
      onAbort: () => this.changed(),
    });
    this.owner = {
      returnEntry: (entry) => this.returnEntry(entry),
      destroyEntry: (entry, reason) => this.afterLeaseEnd(entry, reason),
    };
    // Without a running housekeeper, idle timeout, lifetime and min would be knobs that silently do
    // nothing (generic-pool #178). unref(): an idle pool must not keep the process alive.
    this.housekeeper = setInterval(() => this.housekeep(), this.opts.housekeepingIntervalMs);
    this.housekeeper.unref?.();
  }

  get max(): number {
    return this.maxSize;
  }

  private get size(): number {
    return this.idle.length + this.inUse.size;
  }

  private get minSize(): number {
    return Math.min(this.opts.min, this.maxSize);
  }

  acquire(options: AcquireOptions = {}): Promise<Lease<T>> {
    if (this.draining) return Promise.reject(new PoolClosedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Fast path only when nobody is queued ahead: taking idle past a waiter would break FIFO.
    if (this.waiters.size === 0) {
      const entry = this.takeIdle();
      if (entry) return Promise.resolve(this.lend(entry, 0));
    }
    return new Promise<Lease<T>>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.opts.acquireTimeoutMs;
      this.waiters.enqueue({ priority: options.priority ?? 'normal', timeoutMs, signal, resolve, reject });
      this.dispatch();
      this.changed();
    });
  }

  /** Borrow, run fn, then release; on error destroy the resource if isBroken(error) (default: always). */
  use<R>(fn: (resource: T, signal?: AbortSignal) => Promise<R>, options: UseOptions = {}): Promise<R> {
    return useLease((acquireOptions) => this.acquire(acquireOptions), fn, options);
  }

  /** Create until `count` resources (default min) exist or are being created; rejects with the first create error. */
  async prewarm(count = this.minSize): Promise<void> {
    if (this.draining) throw new PoolClosedError();
    const target = Math.min(count, this.maxSize);
    const started: Promise<CreateOutcome>[] = [];
    while (this.size + this.creating.size < target && this.canCreate()) started.push(this.startCreate());
    const failed = (await Promise.all(started)).find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  }

  /** Resize at runtime (adaptive concurrency, learned connection cap). Surplus goes idle-first; in-use surplus on release. */
  setMax(n: number): void {
    assertMax(n);
    this.maxSize = n;
    while (this.size > this.maxSize && this.idle.length > 0) this.discard(this.idle.shift()!, 'resize');
    this.dispatch();
    this.changed();
  }

  /** Replace everything (e.g. after OS resume, when every socket is dead): idle now, in-use on release. */
  markAllForRetirement(): void {
    for (const entry of this.inUse) entry.retire = true;
    for (let e = this.idle.pop(); e; e = this.idle.pop()) this.discard(e, 'retired');
    this.refill();
    this.dispatch();
    this.changed();
  }

  /** Stop borrowing: new acquires and current waiters reject; resolves once every lease is back. Idempotent. */
  drain(): Promise<void> {
    if (this.drainPromise) return this.drainPromise;
    this.draining = true;
    this.drainPromise = new Promise<void>((resolve) => (this.drainResolve = resolve));
    for (let w = this.waiters.shift(); w; w = this.waiters.shift()) w.reject(new PoolClosedError());
    // Creates in flight were for those waiters (or for min); nobody needs them now.
    for (const controller of this.creating) controller.abort(new PoolClosedError());
    this.gate.cancel();
    this.changed();
    this.checkDrained();
    return this.drainPromise;
  }

  /** Drain, then destroy everything, each destroy bounded by destroyTimeoutMs. Idempotent (same promise). */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closed = true; // from now on, returned resources are destroyed rather than kept
    clearInterval(this.housekeeper);
    const drained = this.drain();
    for (let e = this.idle.pop(); e; e = this.idle.pop()) this.discard(e, 'closed');
    const deadline =
      options.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            for (const entry of [...this.inUse]) this.discard(entry, 'close-deadline');
            this.checkDrained();
          }, options.deadlineMs);
    this.changed();
    this.closePromise = drained.then(async () => {
      clearTimeout(deadline);
      while (this.destroying.size > 0) await Promise.all(this.destroying);
      this.changed();
    });
    return this.closePromise;
  }

  stats(): PoolStats {
    return {
      size: this.size,
      idle: this.idle.length,
      inUse: this.inUse.size,
      pendingCreates: this.creating.size,
      waiters: this.waiters.size,
      max: this.maxSize,
      min: this.minSize,
      ...this.counters,
      acquireWaitP50Ms: this.waits.percentile(50),
      acquireWaitP95Ms: this.waits.percentile(95),
      closed: this.closed,
      draining: this.draining,
    };
  }

  on<K extends keyof PoolEvents<T>>(event: K, listener: (...args: PoolEvents<T>[K]) => void): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof PoolEvents<T>>(event: K, listener: (...args: PoolEvents<T>[K]) => void): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Serve waiters from idle, then start creates for the demand no create in flight will meet (HikariCP addBagItem). */
  private dispatch(): void {
    while (this.waiters.size > 0) {
      const entry = this.takeIdle();
      if (!entry) break;
      const waiter = this.waiters.shift()!;
      waiter.resolve(this.lend(entry, this.opts.now() - waiter.enqueuedAt));
    }
    while (this.waiters.size > this.creating.size && this.canCreate()) void this.startCreate();
    const blockedByBackoff = this.waiters.size > 0 && this.gate.failing && this.creating.size === 0;
    if (blockedByBackoff && this.size < this.maxSize) this.gate.retryWhenOpen(() => this.dispatch());
  }

  private canCreate(): boolean {
    if (this.draining || this.size + this.creating.size >= this.maxSize) return false;
    // After a failure: a single probe at a time, and only once the backoff has elapsed. No spinning.
    return this.gate.allows(this.creating.size);
  }

  /** Pop the hottest idle resource that is still fit; unfit ones are destroyed on the way. */
  private takeIdle(): Entry<T> | undefined {
    for (let entry = this.idle.pop(); entry; entry = this.idle.pop()) {
      const reason = this.unfitReason(entry, true);
      if (reason === null) return entry;
      this.discard(entry, reason);
    }
    return undefined;
  }

  private unfitReason(entry: Entry<T>, onBorrow: boolean): string | null {
    const { maxUses, validate } = this.opts;
    return unfitReason(entry, onBorrow, { closed: this.closed, maxUses, validate, now: this.opts.now(), overSize: this.size >= this.maxSize });
  }

  private lend(entry: Entry<T>, waitMs: number): Lease<T> {
    const lease = new LeaseImpl(entry, this.owner);
    entry.lease = lease;
    entry.uses++;
    this.inUse.add(entry);
    this.counters.borrowed++;
    this.waits.record(waitMs);
    this.events.emit('acquire', entry.resource, waitMs);
    this.changed();
    return lease;
  }

  private returnEntry(entry: Entry<T>): void {
    this.inUse.delete(entry);
    this.events.emit('release', entry.resource);
    // Retire only here or while idle, never mid-use (HikariCP: an in-use connection is never retired).
    const reason = this.unfitReason(entry, false);
    if (reason !== null) {
      this.afterLeaseEnd(entry, reason);
      return;
    }
    entry.idleSince = this.opts.now();
    this.idle.push(entry);
    this.dispatch();
    this.changed();
    this.checkDrained();
  }

  private afterLeaseEnd(entry: Entry<T>, reason: string): void {
    this.discard(entry, reason);
    this.dispatch(); // the freed slot may let a waiter's create start
    this.changed();
    this.checkDrained();
  }

  /** Forget a resource (the caller has already taken it out of `idle`) and destroy it in the background, bounded. */
  private discard(entry: Entry<T>, reason: string): void {
    this.inUse.delete(entry);
    entry.lease = null; // a lease still holding it (close deadline) becomes a no-op
    this.counters.destroyed++;
    this.events.emit('destroy', entry.resource, reason);
    this.boundedDestroy(entry.resource);
  }

  private boundedDestroy(resource: T): void {
    const { destroyTimeoutMs } = this.opts;
    const timeout = (): Error => new Error(`destroy took longer than ${destroyTimeoutMs} ms`);
    const done: Promise<void> = settleWithin(() => this.opts.destroy(resource), destroyTimeoutMs, timeout)
      .catch((error: unknown) => void this.events.emit('destroyError', error, resource))
      .finally(() => this.destroying.delete(done));
    this.destroying.add(done);
  }

  /** One create attempt; settles at the first of: resolve, reject, createTimeoutMs, drain. Never rejects. */
  private startCreate(): Promise<CreateOutcome> {
    const controller = new AbortController();
    const ticket = this.gate.createStarted();
    this.creating.add(controller);
    const { createTimeoutMs } = this.opts;
    const timeout = (): Error => new CreateTimeoutError(createTimeoutMs);
    // A resource that arrives after its attempt timed out (or the pool drained) is freed, not leaked.
    const late = (resource: T): void => this.boundedDestroy(resource);
    return settleWithin((signal) => this.opts.create(signal), createTimeoutMs, timeout, controller, late).then(
      (resource): CreateOutcome => {
        this.creating.delete(controller);
        this.createSucceeded(resource);
        return { ok: true };
      },
      (error: unknown): CreateOutcome => {
        this.creating.delete(controller);
        this.createFailed(error, ticket);
        return { ok: false, error };
      },
    );
  }

  private createSucceeded(resource: T): void {
    this.gate.succeeded();
    this.counters.created++;
    const now = this.opts.now();
    const retireAt = retireAtFor(now, this.opts.maxLifetimeMs, this.opts.lifetimeJitter, this.opts.random);
    const entry: Entry<T> = { resource, retireAt, idleSince: now, uses: 0, retire: false, lease: null };
    this.events.emit('create', resource);
    if (this.draining || this.size >= this.maxSize) this.discard(entry, this.draining ? 'closed' : 'resize');
    else this.idle.push(entry);
    this.dispatch();
    this.changed();
    this.checkDrained();
  }

  private createFailed(error: unknown, ticket: number): void {
    if (!this.draining) {
      this.gate.failed(error, ticket);
      this.counters.createFailures++;
      this.events.emit('createError', error);
      // Propagate, don't hang (generic-pool #175; knex#3362): the oldest waiter learns why.
      this.waiters.shift()?.reject(error);
      this.dispatch();
    }
    this.changed();
    this.checkDrained();
  }

  /** Periodic: retire expired idle resources, evict spares idle too long (coldest first), refill to min. */
  private housekeep(): void {
    if (this.draining) return;
    const before = this.counters.destroyed + this.creating.size;
    const now = this.opts.now();
    // Lifetime is checked here and on borrow/return; in-use resources are never retired mid-call.
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i]!;
      if (entry.retireAt > now) continue;
      this.idle.splice(i, 1);
      this.discard(entry, 'lifetime');
    }
    // idle[0] is the least recently returned, so the scan can stop at the first one still fresh.
    while (this.size > this.minSize && this.idle[0] && now - this.idle[0].idleSince >= this.opts.idleTimeoutMs) {
      this.discard(this.idle.shift()!, 'idle');
    }
    this.refill();
    this.dispatch();
    if (this.counters.destroyed + this.creating.size !== before) this.changed();
  }

  private refill(): void {
    while (this.size + this.creating.size < this.minSize && this.canCreate()) void this.startCreate();
  }

  private checkDrained(): void {
    if (this.drainResolve && this.inUse.size === 0 && this.creating.size === 0) {
      this.drainResolve();
      this.drainResolve = null;
    }
  }

  private changed(): void {
    this.events.emit('stats-changed');
  }
}
