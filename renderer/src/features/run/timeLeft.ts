import type { Eta, RunView } from '../../../../shared/ipc/contract';
import { formatSpan, formatSpanRange } from '../../lib/format';

/** How sure the studio is about the time left, and why it cannot say. */
export type TimeLeft =
  { kind: 'none' } | { kind: 'range'; lowMs: number; highMs: number } | { kind: 'about'; ms: number } | { kind: 'waiting' } | { kind: 'paused' } | { kind: 'stalled' };

/** Seconds of throughput at zero, while renders are due, that make a run "stalled". */
export const STALL_SECONDS = 5;
/** Before this many renders of the run (or this long), a measured rate is still a guess: show a range. */
export const SETTLED_RENDERS = 20;
export const SETTLED_MS = 5_000;
/** How far an assumed (not yet measured) rate may be off, each way. */
const ASSUMED_SPREAD = 2;
/** How far an early measurement may be off, each way. */
const EARLY_SPREAD = 1.6;

export interface TimeLeftInput {
  run: Pick<RunView, 'state' | 'progress' | 'hold' | 'eta'>;
  /** The estimate's time for what is left (an assumed or last-measured rate); null without one. */
  estimatedMs: number | null;
  /** The estimate's time with its basis and range (main's rate model); preferred over `estimatedMs`. */
  estimateEta?: Eta | null;
  /** Renders to do before a run starts (from the estimate). */
  toRender: number;
  /** This run's throughput, one sample a second, newest last. */
  series: readonly number[];
}

/**
 * The time left, honestly: a range while the rate is assumed or barely measured, "stalled" when
 * nothing has finished for a while though renders are due, "waiting" while the service holds us
 * back, and a single figure only once the run's own rate has settled. Main's rate model (`eta`, on
 * the run while live and on the estimate before) decides when it is sent; the page's own guesses
 * from `etaMs` and the throughput series remain for a main that sends no `eta`.
 */
export function timeLeft({ run, estimatedMs, estimateEta, toRender, series }: TimeLeftInput): TimeLeft {
  const { state, progress } = run;
  const live = state === 'running' || state === 'holding' || state === 'paused' || state === 'stopping';
  if (!live) {
    if (toRender === 0) return { kind: 'none' };
    if (estimateEta) return fromEta(estimateEta);
    if (estimatedMs === null) return { kind: 'none' };
    return spread(estimatedMs, ASSUMED_SPREAD);
  }
  if (state === 'stopping') return { kind: 'none' };
  if (state === 'paused') return { kind: 'paused' };
  if (run.hold || state === 'holding') return { kind: 'waiting' };
  if (progress.remaining === 0) return { kind: 'none' };
  // The page's own chart sees a stall within seconds; main's model waits longer to be sure. Either says it.
  const recent = series.slice(-STALL_SECONDS);
  if (recent.length === STALL_SECONDS && recent.every((rate) => rate === 0)) return { kind: 'stalled' };
  if (run.eta) return fromEta(run.eta);
  if (progress.etaMs === null) return estimatedMs === null ? { kind: 'none' } : spread(estimatedMs, ASSUMED_SPREAD);
  if (progress.done < SETTLED_RENDERS || progress.elapsedMs < SETTLED_MS) return spread(progress.etaMs, EARLY_SPREAD);
  return { kind: 'about', ms: progress.etaMs };
}

/** Main's estimate as the page says it: stalled, a range while the rate is assumed, one figure once measured. */
function fromEta(eta: Eta): TimeLeft {
  if (eta.stalled) return { kind: 'stalled' };
  if (eta.basis === 'assumed' && eta.lowMs !== null && eta.highMs !== null) return { kind: 'range', lowMs: eta.lowMs, highMs: eta.highMs };
  if (eta.ms !== null) return { kind: 'about', ms: eta.ms };
  return { kind: 'none' };
}

function spread(ms: number, factor: number): TimeLeft {
  return { kind: 'range', lowMs: ms / factor, highMs: ms * factor };
}

/** "about 1–2 min", "about 45 s", "stalled", "waiting", "—". */
export function formatTimeLeft(left: TimeLeft): string {
  switch (left.kind) {
    case 'none':
      return '—';
    case 'range':
      return formatSpanRange(left.lowMs, left.highMs);
    case 'about':
      return left.ms < 1000 ? '< 1 s' : `about ${formatSpan(left.ms)}`;
    case 'waiting':
      return 'waiting';
    case 'paused':
      return 'paused';
    case 'stalled':
      return 'stalled';
  }
}
