import type { FailureKind } from '../queue/failure-description';

/** The code a stopped run's summary gives as `stopReason` (`--json`), from the failure that stopped it. */
export function stopCodeOf(kind: FailureKind): string {
  if (kind === 'fatal-local') return 'disk';
  return kind; // 'unreachable', 'auth', 'quota', …
}
