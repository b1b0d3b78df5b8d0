import type { EditState } from '../../../../shared/ipc/edit-contract';
import type { Settings } from '../settings/settings-schema';
import { azureCostUsd } from './azure-cost';
import type { CourseSession, OpenCourse } from './course-session';

/** How many renders are stale (their audio no longer matches the course) and what re-rendering them costs on Azure. */
export function staleCost(open: OpenCourse, session: CourseSession, settings: Settings): EditState['stale'] {
  let renders = 0;
  let billableChars = 0;
  for (const job of open.jobs) {
    if (session.cellOf(job)?.status !== 'stale') continue;
    renders++;
    billableChars += job.billableChars;
  }
  return { renders, billableChars: settings.engine === 'azure' ? billableChars : 0, costUsd: azureCostUsd(billableChars, settings) };
}
