import type { Estimate } from '../../../../shared/ipc/contract';
import type { Settings } from '../settings/settings-schema';
import type { CourseSession, OpenCourse } from './course-session';
import { azureCostUsd } from './azure-cost';
import type { RateModel } from './rate-model';

/**
 * What Generate would do now: renders left (what is not on disk for this plan), the characters Azure
 * would bill and their price, and the time from the session's rate model for this engine at the
 * configured slots (a range while nothing of this engine was measured).
 */
export function estimateRun(open: OpenCourse, session: CourseSession, settings: Settings, rates: RateModel): Estimate {
  let cached = 0;
  let billable = 0;
  for (const job of open.jobs) {
    const status = session.cellOf(job)?.status;
    if (status === 'done' || status === 'cached') cached++;
    else billable += job.billableChars;
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
  };
}
