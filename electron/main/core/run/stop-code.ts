import type { FailureKind } from '../queue/failure-description';

/** The code a stopped run's summary gives as `stopReason` (`--json`), from the failure that stopped it. */
export function stopCodeOf(kind: FailureKind): string {
  if (kind === 'fatal-local') return 'disk';
  if (kind === 'engine-unavailable') return 'engine'; // as when the engine could not even be set up (cli/early-summary.ts)
  return kind; // 'unreachable', 'auth', 'quota', …
}
