import type { CourseView } from '../../../shared/ipc/contract';

// Two User Timing marks that say how fast a course becomes usable; the studio benchmark
// (tests/bench/studio.ts) reads them with performance.measure. One mark per opened course: cheap,
// and harmless in the app (nothing else reads them).
//
//   course-data-received  the course (a snapshot, an invoke answer or a course:changed event) has
//                         reached the page and is being applied
//   table-interactive     the first animation frame after the table committed rows of that course:
//                         rows are in the DOM, painted, and answer clicks and keys

export const COURSE_DATA_RECEIVED = 'course-data-received';
export const TABLE_INTERACTIVE = 'table-interactive';

let awaitingTable = false;

export function markCourseDataReceived(course: CourseView): void {
  awaitingTable = true;
  mark(COURSE_DATA_RECEIVED, { courseId: course.id, phrases: course.phrases.length });
}

/** Whether a course arrived whose table has not been marked interactive yet. */
export const tableAwaited = (): boolean => awaitingTable;

/** Marks the table interactive once per received course. */
export function markTableInteractive(rows: number): void {
  if (!awaitingTable) return;
  awaitingTable = false;
  mark(TABLE_INTERACTIVE, { rows });
}

function mark(name: string, detail: object): void {
  try {
    performance.mark(name, { detail });
  } catch {
    // User Timing missing or full: the studio works the same without its marks.
  }
}
