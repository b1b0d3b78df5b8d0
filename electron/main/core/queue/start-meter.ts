/**
 * The queue's starts over the last seconds, and which of them the service refused (throttled,
 * refused upgrade, network failure): the request rate it accepted, the estimate a rate quota's cut
 * goes to (throttle-rate.ts).
 *
 * Counted at dispatch, not at completion: a quota counts requests as they arrive, and a refusal comes
 * back right after the turn starts, while a success is only known when its audio has arrived. A
 * meter of completed successes (the old one) missed the renders still being answered, a turn's
 * length out of a one-second window, and so paced 10-15 % under the quota (issue 9).
 *
 * The window is a few seconds: a sliding-window quota admits a whole window's count in one burst,
 * so over one quota window (or less) the accepted rate says more about the burst than the rate.
 */
const WINDOW_MS = 2_000;
/**
 * In a run's first instants the first burst would read as hundreds a second (all of it at once):
 * a rate is measured over this much time at least, from the run's start. Long enough that a burst
 * is not taken for a rate, short enough that a too low first estimate costs little (a quota of 25/s
 * read over a whole second at 0.2 s was paced at 10/s for seconds).
 */
const MIN_SPAN_MS = 300;
const KEEP = 2_048;

export class StartMeter {
  private readonly starts: number[] = [];
  private readonly refused: number[] = [];

  constructor(private readonly windowMs = WINDOW_MS) {}

  /** A render was dispatched at `at`. */
  recordStart(at: number): void {
    push(this.starts, at);
  }

  /** The service refused the render dispatched at `at`. */
  recordRefused(at: number): void {
    push(this.refused, at);
  }

  /** Starts per second the service accepted in the window that ends at `until`, never before `notBefore` (the run's start). */
  acceptedPerSecond(until: number, notBefore: number): number {
    const from = Math.max(notBefore, until - this.windowMs);
    const accepted = countIn(this.starts, from, until, true) - countIn(this.refused, from, until, false);
    return Math.max(0, accepted) / (Math.max(MIN_SPAN_MS, until - from) / 1000);
  }

  /** Starts per second sent (accepted or not) in the window that ends at `until`. */
  sentPerSecond(until: number, notBefore: number): number {
    const from = Math.max(notBefore, until - this.windowMs);
    return countIn(this.starts, from, until, true) / (Math.max(MIN_SPAN_MS, until - from) / 1000);
  }
}

function push(times: number[], at: number): void {
  times.push(at);
  if (times.length > KEEP) times.splice(0, times.length - KEEP);
}

/**
 * Times in [from, until] (a run's first starts are at its very start), scanned from the newest. Starts are in dispatch order (`sorted`: stop at the
 * first one before the window); refusals come back in any order (a lost socket can report late).
 */
function countIn(times: readonly number[], from: number, until: number, sorted: boolean): number {
  let count = 0;
  for (let i = times.length - 1; i >= 0; i--) {
    const at = times[i]!;
    if (at < from) {
      if (sorted) break;
      continue;
    }
    if (at <= until) count++;
  }
  return count;
}
