import type { RunView } from '../../../../shared/ipc/contract';
import { formatCount, formatSpan } from '../../lib/format';

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

/** One line that says what the run is doing now. */
export function describeRun(run: RunView, now: number): { text: string; tone: Tone } {
  const { progress, hold } = run;
  // A paused run stays paused whatever the service says; the hold matters again on resume.
  if (hold && run.state !== 'paused') {
    const left = hold.untilMs - now;
    return { text: `${describeHold(hold.reason)}${left > 500 ? `, resuming in ${formatSpan(left)}` : ''}.`, tone: 'warn' };
  }
  switch (run.state) {
    case 'idle':
      return { text: progress.total > 0 ? 'Ready to generate.' : 'Open a course, then press Generate.', tone: 'neutral' };
    case 'running':
      return { text: `Rendering: ${formatCount(progress.running)} in flight.`, tone: 'active' };
    case 'holding':
      return { text: 'Waiting for the service before sending more.', tone: 'warn' };
    case 'paused':
      return { text: progress.running > 0 ? `Paused: letting ${formatCount(progress.running)} in flight finish, nothing new starts.` : 'Paused. Nothing new starts until you resume.', tone: 'neutral' };
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

/** Friendly names for the failure causes main groups by. */
export function describeFailureKind(kind: string): string {
  const names: Record<string, string> = {
    throttled: 'Throttled by the service (429)',
    'rate-limit': 'Rate limit reached',
    quota: 'Quota used up',
    auth: 'Key or region rejected',
    'bad-request': 'The service refused the text',
    'engine-crash': 'The voice engine crashed',
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
