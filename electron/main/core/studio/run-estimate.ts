import type { Estimate } from '../../../../shared/ipc/contract';
import type { Settings } from '../settings/settings-schema';
import type { CourseSession, OpenCourse } from './course-session';
import { azureCostUsd } from './azure-cost';
import type { RateModel } from './rate-model';
import { estimateBatch } from './batch-estimate';

/**
 * What Generate would do now: renders left (what is not on disk for this plan), the characters Azure
 * would bill and their price, and the time from the session's rate model for this engine at the
 * configured slots (a range while nothing of this engine was measured); with Azure, the same renders
 * through batch synthesis beside it (batch-estimate.ts).
 */
export function estimateRun(open: OpenCourse, session: CourseSession, settings: Settings, rates: RateModel): Estimate {
  let cached = 0;
  let billable = 0;
  const left: Array<{ content: string }> = [];
  for (const job of open.jobs) {
    const status = session.cellOf(job)?.status;
    if (status === 'done' || status === 'cached') cached++;
    else {
      billable += job.billableChars;
      left.push({ content: job.ssml });
    }
  }
  const toRender = open.jobs.length - cached;
  const azure = settings.engine === 'azure';
  const eta = rates.estimate(settings.engine, toRender, settings.maxConnections);
  return {
    renders: open.jobs.length,
    toRender,
    cached,
    billableChars: azure ? billable : 0,
    costUsd: azureCostUsd(billable, settings),
    estimatedMs: eta.ms ?? 0,
    eta,
    // Azure only: the same renders as batch jobs (offered from the Settings threshold up).
    ...(azure ? { batch: estimateBatch(left, billable, settings.pricePerMillionChars, settings.batchThresholdRenders) } : {}),
  };
}

/** Jobs an earlier session left in the folder: shown, and "Send to Azure batch" is offered to pick them up. */
export function withWaitingJobs(estimate: Estimate, stored: ReadonlyArray<{ readonly inputs: readonly unknown[] }>): Estimate {
  if (!estimate.batch || !stored.length) return estimate;
  const waiting = { jobs: stored.length, renders: stored.reduce((sum, job) => sum + job.inputs.length, 0) };
  return { ...estimate, batch: { ...estimate.batch, offered: true, waiting } };
}
