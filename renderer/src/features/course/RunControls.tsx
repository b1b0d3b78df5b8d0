import { useCourse } from '../../store/course';
import { isLive, useRun } from '../../store/run';
import { Button } from '../../ui/Button';
import { SendToBatch } from '../batch/SendToBatch';
import { runCommand } from '../run/runCommands';

/** Generate, which becomes Pause / Resume while a run is live, and Cancel beside it; "Send to Azure batch" when offered. */
export function RunControls(): React.JSX.Element {
  const hasCourse = useCourse((s) => s.course !== null);
  const state = useRun((s) => s.run.state);
  const pending = useRun((s) => s.pending);
  const live = isLive(state);

  let primary: React.JSX.Element;
  if (state === 'running' || state === 'holding') {
    primary = (
      <Button
        variant="secondary"
        icon="pause"
        onClick={() => void runCommand('pause')}
        busy={pending === 'pause'}
        disabled={!!pending}
        data-testid="pause"
        title="Pause: renders in flight finish, nothing new starts"
      >
        Pause
      </Button>
    );
  } else if (state === 'paused') {
    primary = (
      <Button
        variant="primary"
        icon="play"
        onClick={() => void runCommand('resume')}
        busy={pending === 'resume'}
        disabled={!!pending}
        data-testid="resume"
        title="Resume the run (Ctrl+G)"
      >
        Resume
      </Button>
    );
  } else if (state === 'stopping') {
    primary = (
      <Button variant="secondary" busy data-testid="stopping">
        Stopping…
      </Button>
    );
  } else {
    primary = (
      <Button
        variant="primary"
        icon="play"
        onClick={() => void runCommand('start')}
        busy={pending === 'start'}
        disabled={!hasCourse || !!pending}
        data-testid="generate"
        title={hasCourse ? 'Render everything not yet rendered (Ctrl+G)' : 'Open a course first'}
      >
        Generate
      </Button>
    );
  }

  return (
    <div className="run-controls">
      {primary}
      {!live && <SendToBatch disabled={!hasCourse} />}
      <Button
        variant="ghost"
        icon="stop"
        onClick={() => void runCommand('cancel')}
        busy={pending === 'cancel'}
        disabled={!live || state === 'stopping' || (!!pending && pending !== 'cancel')}
        data-testid="cancel"
        title="Cancel the run: finished renders are kept"
      >
        Cancel
      </Button>
    </div>
  );
}
