import type { QueueSnapshot } from '../main/core/queue/generation-queue';

/**
 * The bracketed note of the CLI's progress line: why the run waits, in the producer's words.
 * An outage is never "the service asked us to slow down": it names the host and since when.
 *   throttled: waiting 2.1 s | rate limit: 2.7 requests/s | outage: cannot reach <host> since 14:02 - retrying
 *   connection cap learned: 6 | paused
 */
export function runNote(snapshot: QueueSnapshot, context: { readonly endpoint: string; readonly learnedCap: number | null; readonly now?: number }): string {
  const parts: string[] = [];
  const now = context.now ?? Date.now();
  if (snapshot.state === 'paused') parts.push('paused');
  if (snapshot.unreachable) {
    parts.push(`outage: cannot reach ${context.endpoint} since ${new Date(snapshot.unreachable.sinceMs).toTimeString().slice(0, 5)} - retrying`);
  } else if (snapshot.hold?.reason === 'outage') {
    parts.push(`outage: ${context.endpoint} is not answering - retrying`);
  } else if (snapshot.hold?.reason === 'throttled') {
    parts.push(`throttled: waiting ${Math.max(0, (snapshot.hold.untilMs - now) / 1000).toFixed(1)} s`);
  } else if (snapshot.requestRate != null) {
    parts.push(`rate limit: ${snapshot.requestRate.toFixed(1)} requests/s`);
  } else if (snapshot.hold?.reason === 'rate-limit') {
    parts.push('rate limit');
  }
  if (context.learnedCap !== null) parts.push(`connection cap learned: ${context.learnedCap}`);
  return parts.join(', ');
}
