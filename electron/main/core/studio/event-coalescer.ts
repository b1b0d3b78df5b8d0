/**
 * Coalescing for the studio's event stream. A run of 10,000 renders produces ~40,000 item events;
 * sending each to the window would flood it. A Throttle lets at most one emission through per
 * interval: the first change after a quiet period goes out at once (feedback within the frame),
 * later ones collapse into one trailing emission built from the state AT FLUSH TIME, so the last
 * state always arrives and nothing stale is sent. A KeyedBatch merges changes by key between flushes
 * (100 cell updates become one message with the latest state of each cell).
 */
export class Throttle {
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Something changed: emit now if the interval has passed, else once at its end. */
  schedule(): void {
    if (this.closed || this.timer) return;
    // Whole milliseconds, rounded up: Node's timers may fire up to 1 ms before a fractional deadline.
    const wait = Math.ceil(this.last + this.intervalMs - this.now());
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
    this.timer.unref?.();
  }

  /** Emits a pending change now (e.g. the final state when a run ends). */
  flushNow(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.fire();
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    try {
      this.flush();
    } finally {
      // Measured after the flush: building and sending a payload takes time, and the interval is
      // promised between deliveries, not between the starts of building them.
      this.last = this.now();
    }
  }
}

/** Changes merged by key (latest wins) and emitted as one batch through a Throttle. */
export class KeyedBatch<V> {
  private batch = new Map<string, V>();
  private readonly throttle: Throttle;

  constructor(intervalMs: number, emit: (batch: Map<string, V>) => void, now?: () => number) {
    this.throttle = new Throttle(
      intervalMs,
      () => {
        if (!this.batch.size) return;
        const out = this.batch;
        this.batch = new Map();
        emit(out);
      },
      now,
    );
  }

  set(key: string, value: V): void {
    this.batch.set(key, value);
    this.throttle.schedule();
  }

  flushNow(): void {
    this.throttle.flushNow();
  }

  /** Changes wait for the next flush. */
  get pending(): boolean {
    return this.batch.size > 0;
  }

  /** Drops pending changes (a new course replaces every cell). */
  clear(): void {
    this.batch.clear();
  }

  close(): void {
    this.throttle.close();
  }
}
