import { writeSync } from 'node:fs';

/**
 * Test hook for the kill-at-every-step acceptance test (tests/integration/storage/kill-points.test.ts):
 * `COURSE_AUDIO_STUDIO_CRASH_AT=<point>:<n>` makes this process SIGKILL itself the n-th time it reaches
 * <point>, so a test can land a kill exactly mid-write of a master, of an output file or of the
 * journal instead of hoping a timer hits it. Unset (always, outside that test) it costs one lookup.
 */
export type CrashPoint =
  /** A master's temp file is complete, not yet renamed into masters/. */
  | 'master-write'
  /** A master is in place, its index line not yet written. */
  | 'master-stored'
  /** An output file's temp file is complete, not yet renamed into the output folder. */
  | 'output-write'
  /**
   * Half of a log batch is written (a torn tail), the rest never will be. Counted in records, not
   * batches: `journal-append:n` tears the batch that holds the n-th record, however a run's timing
   * grouped records into batches.
   */
  | 'journal-append';

const spec = /^([a-z-]+):(\d+)$/.exec(process.env.COURSE_AUDIO_STUDIO_CRASH_AT ?? '');
let reached = 0;

/**
 * True when this call is the one that must crash (the caller may do a last partial write first).
 * `units`: how many of the point's steps this call covers (the records of one log batch).
 */
export function crashDue(point: CrashPoint, units = 1): boolean {
  if (!spec || spec[1] !== point) return false;
  const target = Number(spec[2]);
  const before = reached;
  reached += units;
  return before < target && reached >= target;
}

/** Kills the process at once, like a power cut or `kill -9`: no handler, no flush, no cleanup. */
export function crashNow(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable: SIGKILL did not stop the process');
}

export function crashPoint(point: CrashPoint): void {
  if (crashDue(point)) crashNow();
}

/** For 'journal-append': writes part of the bytes synchronously, then dies. */
export function crashMidWrite(fd: number, data: string): never {
  const bytes = Buffer.from(data);
  writeSync(fd, bytes, 0, Math.max(1, Math.floor(bytes.length / 2)));
  return crashNow();
}
