/**
 * One Ctrl+C means "stop cleanly", whatever started the process and whatever a dependency does.
 *
 * Why this exists: one Ctrl+C in a terminal reaches a process several times. The terminal signals the
 * whole process group (npm, sh, the tsx parent and our node process), then npm forwards it to its
 * child and tsx relays it to ours: three SIGINTs within a few milliseconds. And `when-exit` (pulled
 * in by conf -> atomically) listens to SIGINT/SIGTERM/SIGHUP itself, deletes atomically's temp files
 * (under a journal write in flight) and re-raises the signal with process.kill(): another SIGINT.
 *
 * So: signals that arrive within `graceMs` of the first count as that one (the process cancels and
 * shuts down gracefully); only a signal at least `graceMs` later means "quit now". Listeners other
 * code put on these signals are removed, now and whenever one is added later, so the graceful path
 * is ours alone. (tsx's own hidden listener, which tells its parent the child got the signal and
 * which tsx hides from process.listeners(), is left in place: without it tsx would SIGKILL us.)
 */

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface InterruptOptions {
  /** The first signal: start the graceful stop. */
  readonly onInterrupt: (signal: InterruptSignal) => void;
  /** A signal at least graceMs after the first: the user insists, exit now. */
  readonly onForce: (signal: InterruptSignal) => void;
  /** Default 1000: signals closer than this to the first are the same Ctrl+C delivered again. */
  readonly graceMs?: number;
  /** Told about a signal counted as a repeat of the first (debug aid). */
  readonly onRepeat?: (signal: InterruptSignal, sinceFirstMs: number) => void;
  /** Test seams: the process and the clock. */
  readonly target?: SignalTarget;
  readonly now?: () => number;
}

/** The part of `process` this uses. */
export interface SignalTarget {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  listeners(event: string): Array<(...args: never[]) => void>;
}

export const INTERRUPT_SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];
export const DEFAULT_INTERRUPT_GRACE_MS = 1_000;

export interface InterruptHandle {
  /** True once the first signal came. */
  readonly interrupted: boolean;
  /** Restores nothing (foreign listeners stay removed); just stops listening. */
  dispose(): void;
}

export function handleInterrupts(options: InterruptOptions): InterruptHandle {
  const target: SignalTarget = options.target ?? process;
  const now = options.now ?? (() => performance.now());
  const graceMs = options.graceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  let firstAt: number | undefined;

  const listener = (signal: InterruptSignal): void => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      options.onInterrupt(signal);
    } else if (at - firstAt >= graceMs) options.onForce(signal);
    else options.onRepeat?.(signal, at - firstAt);
  };

  const removeForeign = (signal: string): void => {
    for (const other of target.listeners(signal)) if (other !== listener) target.removeListener(signal, other);
  };
  // 'newListener' fires before the listener is added: remove it on the next turn.
  const onNewListener = (event: string | symbol, added: unknown): void => {
    if (typeof event === 'string' && (INTERRUPT_SIGNALS as readonly string[]).includes(event) && added !== listener) {
      setImmediate(() => removeForeign(event));
    }
  };

  for (const signal of INTERRUPT_SIGNALS) {
    removeForeign(signal);
    target.on(signal, listener);
  }
  target.on('newListener', onNewListener);

  return {
    get interrupted() {
      return firstAt !== undefined;
    },
    dispose() {
      for (const signal of INTERRUPT_SIGNALS) target.removeListener(signal, listener);
      target.removeListener('newListener', onNewListener);
    },
  };
}
