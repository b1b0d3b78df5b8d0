import { errorCode, invoke } from '../../lib/api';
import { refreshMasters } from '../../store/masters';
import { useRun, type RunCommand, isLive } from '../../store/run';
import { toastError } from '../../store/toasts';

const WHAT: Record<RunCommand, string> = {
  start: 'start generating',
  startBatch: 'send the run to Azure batch',
  pause: 'pause the run',
  resume: 'resume the run',
  cancel: 'cancel the run',
  retryFailed: 'retry the failed renders',
};

/** Sends a run command; its button shows a spinner until main answers, and errors become a toast. */
export async function runCommand(command: RunCommand): Promise<void> {
  const { setPending, setRun, pending } = useRun.getState();
  if (pending) return;
  setPending(command);
  try {
    const run = await invoke(`run:${command}`);
    setRun(run);
  } catch (error) {
    toastError(WHAT[command], error);
    // Another run (a CLI) may hold the output folder: the Run tab's cache section says who, and since when.
    if (errorCode(error) === 'busy') refreshMasters();
  } finally {
    setPending(null);
  }
}

/** Ctrl+G: start, or resume a paused run; a running run keeps running. */
export function generateShortcut(): void {
  const { state } = useRun.getState().run;
  if (state === 'paused') void runCommand('resume');
  else if (!isLive(state)) void runCommand('start');
}
