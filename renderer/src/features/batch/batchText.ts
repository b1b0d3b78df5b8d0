import type { BatchJobView, Estimate } from '../../../../shared/ipc/contract';
import { formatCount, formatHourMinute, formatMoney, formatSpan, formatSpanRange, plural } from '../../lib/format';

/**
 * The words of "Send to Azure batch" and of the Run tab's batch jobs, as pure functions of main's
 * estimate and run view (tested in tests/unit/renderer/batch-text.test.ts).
 */

/** "Generate: about 40 min, $1.20" from the interactive estimate (the rate model's range while assumed). */
export function interactiveChoice(estimate: Estimate): string {
  const eta = estimate.eta;
  const time = eta && eta.lowMs !== null && eta.highMs !== null && eta.basis === 'assumed' ? formatSpanRange(eta.lowMs, eta.highMs) : `about ${formatSpan(estimate.estimatedMs)}`;
  return `Generate: ${time}${estimate.costUsd !== null ? `, ${formatMoney(estimate.costUsd)}` : ''}`;
}

/** "Azure batch: about 1–6 min in 30 jobs, $1.20 (same price per character)". */
export function batchChoice(batch: NonNullable<Estimate['batch']>): string {
  return `Azure batch: ${formatSpanRange(batch.lowMs, batch.highMs)} in ${plural(batch.jobs, 'job')}, ${formatMoney(batch.costUsd)} (same price per character)`;
}

/** "2 jobs (1,500 renders) from an earlier session are waiting at Azure: sending picks them up, never submits them twice." */
export function waitingJobsText(waiting: { readonly jobs: number; readonly renders: number }): string {
  return `${plural(waiting.jobs, 'job')} (${plural(waiting.renders, 'render')}) from an earlier session ${waiting.jobs === 1 ? 'is' : 'are'} waiting at Azure: sending picks ${waiting.jobs === 1 ? 'it' : 'them'} up, never submits ${waiting.jobs === 1 ? 'it' : 'them'} twice.`;
}

/** The line over the jobs table: "3 jobs: 1 running, 2 succeeded · 2,000 of 3,000 renders delivered". */
export function jobsSummary(jobs: readonly BatchJobView[]): string {
  if (!jobs.length) return 'No jobs yet: the renders are being gathered into jobs.';
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(statusWord(job), (counts.get(statusWord(job)) ?? 0) + 1);
  const order = ['submitting', 'queued at Azure', 'running', 'delivered', 'succeeded', 'failed'];
  const parts = order.filter((word) => counts.has(word)).map((word) => `${formatCount(counts.get(word)!)} ${word}`);
  const renders = jobs.reduce((sum, job) => sum + job.renders, 0);
  const delivered = jobs.filter((job) => job.delivered).reduce((sum, job) => sum + job.renders, 0);
  return `${plural(jobs.length, 'job')}: ${parts.join(', ')} · ${formatCount(delivered)} of ${formatCount(renders)} renders delivered`;
}

/** One job's status in words: the service's status, and "delivered" once its results are in the folder. */
export function statusWord(job: BatchJobView): string {
  if (job.delivered) return 'delivered';
  switch (job.status) {
    case 'Submitting':
      return 'submitting';
    case 'NotStarted':
      return 'queued at Azure';
    case 'Running':
      return 'running';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'failed';
  }
}

/** "14:02", or "—" before it happened. */
export const atTime = (ms: number | null): string => (ms === null ? '—' : formatHourMinute(ms));

/** "in 4 s", "now", or "—" when no poll is scheduled. */
export function nextPollText(nextPollAtMs: number | null, now: number): string {
  if (nextPollAtMs === null) return '—';
  const ms = nextPollAtMs - now;
  return ms <= 500 ? 'now' : `in ${formatSpan(ms)}`;
}
