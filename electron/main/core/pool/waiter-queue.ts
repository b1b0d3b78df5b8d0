// Borrowers waiting for a resource: two FIFO queues (high before normal) with deadlines and abort.
//
// - Intrusive doubly linked lists, so a waiter that times out or is aborted leaves the middle of the
//   queue in O(1), and is gone before anything could be handed to it (no resource leaks to a caller
//   that already gave up).
// - One timer for the whole queue, armed for the earliest deadline, instead of one per waiter:
//   setTimeout + clearTimeout on every acquire was most of the pool's overhead under load. The timer
//   is cleared whenever the queue empties, so an idle pool holds no timer that would keep Node alive.
// The queue orders and expires waiters; what a waiter receives is the pool's business.

import { abortReason } from './errors';

export interface WaiterInit<V> {
  readonly priority: 'high' | 'normal';
  /** Infinity: wait until served or aborted. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  resolve(value: V): void;
  reject(error: unknown): void;
}

export interface Waiter<V> extends WaiterInit<V> {
  readonly enqueuedAt: number;
  readonly deadline: number;
  prev: Waiter<V> | null;
  next: Waiter<V> | null;
  queued: boolean;
  /** Detaches the abort listener; set only when there is a signal. */
  cleanup: (() => void) | null;
}

export interface WaiterQueueHooks<V> {
  now(): number;
  /** The waiter has been removed; reject it (the pool knows which error to use). */
  onTimeout(waiter: Waiter<V>): void;
  /** A waiter was aborted and has been rejected with the signal's reason. */
  onAbort(): void;
}

class WaiterList<V> {
  head: Waiter<V> | null = null;
  tail: Waiter<V> | null = null;

  push(w: Waiter<V>): void {
    w.prev = this.tail;
    w.next = null;
    if (this.tail) this.tail.next = w;
    else this.head = w;
    this.tail = w;
  }

  unlink(w: Waiter<V>): void {
    if (w.prev) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = null;
  }
}

export class WaiterQueue<V> {
  private readonly high = new WaiterList<V>();
  private readonly normal = new WaiterList<V>();
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;

  constructor(private readonly hooks: WaiterQueueHooks<V>) {}

  get size(): number {
    return this.count;
  }

  enqueue(init: WaiterInit<V>): Waiter<V> {
    const enqueuedAt = this.hooks.now();
    const { priority, timeoutMs, signal, resolve, reject } = init;
    // Every field spelled out (no spread): one stable object shape keeps this hot path fast in V8.
    const w: Waiter<V> = {
      priority,
      timeoutMs,
      signal,
      resolve,
      reject,
      enqueuedAt,
      deadline: enqueuedAt + Math.max(0, timeoutMs),
      prev: null,
      next: null,
      queued: true,
      cleanup: null,
    };
    if (signal) {
      const onAbort = (): void => {
        if (!this.remove(w)) return;
        w.reject(abortReason(signal));
        this.hooks.onAbort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      w.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    (w.priority === 'high' ? this.high : this.normal).push(w);
    this.count++;
    if (w.deadline < this.timerAt) this.arm(w.deadline);
    return w;
  }

  /** The next waiter to serve (oldest high, else oldest normal), removed from the queue. */
  shift(): Waiter<V> | undefined {
    const w = this.high.head ?? this.normal.head;
    if (w) this.remove(w);
    return w ?? undefined;
  }

  /** Remove a waiter wherever it is; a no-op when it already left (so settle paths can race safely). */
  remove(w: Waiter<V>): boolean {
    if (!w.queued) return false;
    (w.priority === 'high' ? this.high : this.normal).unlink(w);
    w.queued = false;
    w.cleanup?.();
    if (--this.count === 0) this.disarm();
    return true;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - this.hooks.now()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  /** Time out every waiter past its deadline, then re-arm for the earliest one left. */
  private expire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    // Timers can fire up to a millisecond before the high-resolution clock agrees; do not spin on it.
    const now = this.hooks.now() + 1;
    let next = Infinity;
    for (const list of [this.high, this.normal]) {
      for (let w = list.head; w;) {
        const following: Waiter<V> | null = w.next;
        if (w.deadline > now) next = Math.min(next, w.deadline);
        else if (this.remove(w)) this.hooks.onTimeout(w);
        w = following;
      }
    }
    // `<`: a listener may have enqueued (and armed for) an earlier deadline while we were rejecting.
    if (next < this.timerAt) this.arm(next);
  }
}
