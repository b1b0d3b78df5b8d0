// The pool's public configuration and result types, and the one place where defaults live, so the
// Pool class never has to ask "was this set?".

export interface PoolOptions<T> {
  /** Make one resource. May reject or hang; the pool aborts `signal` after createTimeoutMs. */
  create(signal: AbortSignal): Promise<T>;
  /** Free one resource. Never awaited without a bound (destroyTimeoutMs); errors are reported, not thrown. */
  destroy(resource: T): Promise<void> | void;
  /** Cheap, local check on every borrow; false (or a throw) destroys the resource and tries the next. */
  validate?(resource: T): boolean;
  /** Kept warm by the housekeeper while the pool is not draining. Default 0. */
  min?: number;
  max: number;
  /** Default 30_000. `Infinity` waits until aborted. */
  acquireTimeoutMs?: number;
  /** Default 30_000. */
  createTimeoutMs?: number;
  /** Default 5_000. */
  destroyTimeoutMs?: number;
  /** Idle resources above `min` are evicted after this long unused. Default 120_000. */
  idleTimeoutMs?: number;
  /** Retire a resource this long after creation (only while idle, never mid-use). Default Infinity. */
  maxLifetimeMs?: number;
  /** Each resource's lifetime is shortened by a random fraction up to this, so they do not all expire together. Default 0.1. */
  lifetimeJitter?: number;
  /** Retire after this many borrows (the Speech SDK retains memory per call until its socket closes). Default Infinity. */
  maxUses?: number;
  /** Delay before the next create after a failed one. Default 100 ms doubling to 5 s. */
  createBackoff?: { baseMs: number; maxMs: number };
  /** Housekeeper period (idle eviction, lifetime, min refill). Default 1000. The timer is unref()'d. */
  housekeepingIntervalMs?: number;
  /** Injectable monotonic clock (ms). Default performance.now(). */
  now?: () => number;
  /** Injectable randomness in [0, 1) for jitter. Default Math.random. */
  random?: () => number;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Overrides acquireTimeoutMs for this call. */
  timeoutMs?: number;
  /** 'high' waiters (auditions) are served before 'normal' ones (batch); FIFO within a priority. */
  priority?: 'high' | 'normal';
}

export interface UseOptions extends AcquireOptions {
  /** Whether an error thrown by the callback means the resource is broken. Default: every error does. */
  isBroken?(error: unknown): boolean;
}

/** A borrowed resource. Call exactly one of release()/destroy(), once; later calls are no-ops. */
export interface Lease<T> {
  readonly resource: T;
  release(): void;
  destroy(reason?: string): void;
}

export interface PoolStats {
  /** Live resources (idle + inUse). Creates in flight are counted separately; size + pendingCreates <= max. */
  size: number;
  idle: number;
  inUse: number;
  pendingCreates: number;
  waiters: number;
  max: number;
  min: number;
  /** Counters since construction. */
  created: number;
  destroyed: number;
  createFailures: number;
  acquireTimeouts: number;
  borrowed: number;
  /** Over the most recent 1024 successful acquires (0 when served at once). */
  acquireWaitP50Ms: number;
  acquireWaitP95Ms: number;
  /** close() has been called. */
  closed: boolean;
  /** drain() or close() has been called: acquires reject with PoolClosedError. */
  draining: boolean;
}

/** Event name -> listener arguments, for the typed EventEmitter. */
export interface PoolEvents<T> {
  create: [resource: T];
  destroy: [resource: T, reason: string];
  createError: [error: unknown];
  destroyError: [error: unknown, resource: T];
  acquire: [resource: T, waitMs: number];
  release: [resource: T];
  'stats-changed': [];
}

export type ResolvedPoolOptions<T> = Required<Omit<PoolOptions<T>, 'validate'>> & Pick<PoolOptions<T>, 'validate'>;

export function resolvePoolOptions<T>(opts: PoolOptions<T>): ResolvedPoolOptions<T> {
  const resolved: ResolvedPoolOptions<T> = {
    create: opts.create,
    destroy: opts.destroy,
    validate: opts.validate,
    min: opts.min ?? 0,
    max: opts.max,
    acquireTimeoutMs: opts.acquireTimeoutMs ?? 30_000,
    createTimeoutMs: opts.createTimeoutMs ?? 30_000,
    destroyTimeoutMs: opts.destroyTimeoutMs ?? 5_000,
    idleTimeoutMs: opts.idleTimeoutMs ?? 120_000,
    maxLifetimeMs: opts.maxLifetimeMs ?? Infinity,
    lifetimeJitter: opts.lifetimeJitter ?? 0.1,
    maxUses: opts.maxUses ?? Infinity,
    createBackoff: opts.createBackoff ?? { baseMs: 100, maxMs: 5_000 },
    housekeepingIntervalMs: opts.housekeepingIntervalMs ?? 1_000,
    now: opts.now ?? (() => performance.now()),
    random: opts.random ?? Math.random,
  };
  // Fail at construction, not at the first busy moment in production.
  assertMax(resolved.max);
  if (!Number.isInteger(resolved.min) || resolved.min < 0) throw new RangeError(`min must be an integer >= 0, got ${resolved.min}`);
  if (resolved.min > resolved.max) throw new RangeError(`min (${resolved.min}) must not exceed max (${resolved.max})`);
  if (!(resolved.lifetimeJitter >= 0 && resolved.lifetimeJitter < 1)) throw new RangeError('lifetimeJitter must be in [0, 1)');
  const { baseMs, maxMs } = resolved.createBackoff;
  if (!(baseMs > 0 && maxMs >= baseMs)) throw new RangeError('createBackoff needs 0 < baseMs <= maxMs');
  if (!(resolved.housekeepingIntervalMs > 0)) throw new RangeError('housekeepingIntervalMs must be > 0');
  return resolved;
}

export function assertMax(max: number): void {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1, got ${max}`);
}

export interface CloseOptions {
  /** After this long, resources still in use are destroyed under their borrowers (their leases become no-ops). */
  deadlineMs?: number;
}
