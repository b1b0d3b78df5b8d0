import type { RunView } from '../../../../shared/ipc/contract';
import { formatCount, formatHourMinute, formatSpan } from '../../lib/format';

export type Tone = 'neutral' | 'active' | 'warn' | 'bad' | 'good';

/**
 * Why dispatch is waiting, in the producer's words (AwesomeTTS-style: a wait must not look like a
 * hang). Main sends the hold's code (`run.hold.reason`): 'throttled' | 'outage' | 'rate-limit'.
 */
export function describeHold(reason: string): string {
  switch (reason) {
    case 'throttled':
      return 'Waiting: the service asked us to slow down';
    case 'outage':
      return 'Waiting: the service is not answering';
    case 'rate-limit':
      return 'Waiting: the rate limit of your plan is reached';
    default:
      // A code this page does not know yet (a newer main): still say that it waits, and why.
      return `Waiting: ${reason.replace(/[-_]/g, ' ')}`;
  }
}

/**
 * What the run's in-flight renders are doing, from main's `live` split: "Rendering: 2 of 2, 5 waiting
 * for a slot, 1 writing." (never more rendering than slots). Without `live` (an older main), the plain
 * in-flight count.
 */
export function describeRendering(run: Pick<RunView, 'live' | 'progress'>): string {
  const { live } = run;
  if (!live) return `Rendering: ${formatCount(run.progress.running)} in flight.`;
  const parts = [`Rendering: ${formatCount(live.rendering)} of ${formatCount(live.slots)}`];
  if (live.waitingForSlot > 0) parts.push(`${formatCount(live.waitingForSlot)} waiting for a slot`);
  if (live.writing > 0) parts.push(`${formatCount(live.writing)} writing`);
  return `${parts.join(', ')}.`;
}

/** "Cannot reach tts.example.com since 14:02 - retrying", with the last error apart. */
export function describeUnreachable(unreachable: NonNullable<RunView['unreachable']>): { text: string; detail: string } {
  return {
    text: `Cannot reach ${unreachable.host} since ${formatHourMinute(unreachable.sinceMs)} - retrying.`,
    detail: `Last error: ${unreachable.lastError}`,
  };
}

/** One line that says what the run is doing now (and, for an outage, the last error as `detail`). */
export function describeRun(run: RunView, now: number): { text: string; tone: Tone; detail?: string } {
  const { progress, hold } = run;
  // An unreachable service says so plainly, with where and since when; a paused run stays paused.
  if (run.unreachable && run.state !== 'paused' && isActive(run.state)) return { ...describeUnreachable(run.unreachable), tone: 'warn' };
  // A paused run stays paused whatever the service says; the hold matters again on resume.
  if (hold && run.state !== 'paused') {
    const left = hold.untilMs - now;
    return { text: `${describeHold(hold.reason)}${left > 500 ? `, resuming in ${formatSpan(left)}` : ''}.`, tone: 'warn' };
  }
  switch (run.state) {
    case 'idle':
      return { text: progress.total > 0 ? 'Ready to generate.' : 'Open a course, then press Generate.', tone: 'neutral' };
    case 'running':
      return { text: describeRendering(run), tone: 'active' };
    case 'holding':
      return { text: 'Waiting for the service before sending more.', tone: 'warn' };
    case 'paused':
      return {
        text: progress.running > 0 ? `Paused: letting ${formatCount(progress.running)} in flight finish, nothing new starts.` : 'Paused. Nothing new starts until you resume.',
        tone: 'neutral',
      };
    case 'stopping':
      return { text: 'Stopping: letting the renders in flight finish.', tone: 'neutral' };
    case 'finished':
      return progress.failed > 0
        ? { text: `Finished with ${formatCount(progress.failed)} failed. Retry them below.`, tone: 'bad' }
        : { text: 'Finished: every render is on disk.', tone: 'good' };
    case 'cancelled':
      return { text: 'Cancelled. Finished renders are kept; Generate continues from here.', tone: 'neutral' };
    case 'stopped':
      return { text: `Stopped: ${run.stopReason ?? 'the service refused to continue'}.`, tone: 'bad' };
  }
}

/** States in which the run still sends work (an unreachable service matters only then). */
const isActive = (state: RunView['state']): boolean => state === 'running' || state === 'holding' || state === 'stopping';

/** Friendly names for the failure causes main groups by. */
export function describeFailureKind(kind: string): string {
  const names: Record<string, string> = {
    throttled: 'Throttled by the service (429)',
    'rate-limit': 'Rate limit reached',
    quota: 'Quota used up',
    auth: 'Key or region rejected',
    'bad-request': 'The service refused the text',
    'engine-crash': 'The voice engine crashed',
    'engine-unavailable': 'The voice engine cannot start',
    'fatal-local': 'Could not write to the output folder',
    unknown: 'Unexpected error',
    timeout: 'Timed out',
    network: 'Connection lost',
    server: 'Service error',
    'invalid-ssml': 'Text the voice could not read',
    ssml: 'Text the voice could not read',
    phoneme: 'Pronunciation not understood',
    'voice-not-found': 'Voice not available',
    cancelled: 'Cancelled',
    engine: 'Engine error',
    output: 'Could not write the file',
    io: 'Could not write the file',
  };
  return names[kind] ?? kind.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
