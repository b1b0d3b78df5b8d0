import { useNow } from '../../lib/useNow';
import { useRun } from '../../store/run';
import { describeRun } from './runStateText';

/** What the run is doing, in one sentence; counts down while the service holds us back. */
export function RunStateLine(): React.JSX.Element {
  const run = useRun((s) => s.run);
  const now = useNow(1000, run.hold !== null);
  const { text, tone, detail } = describeRun(run, now);
  return (
    <p className={`run-state tone-${tone}`} role="status" data-testid="run-state" data-state={run.state} data-hold={run.hold?.reason ?? ''}>
      <span className={`state-dot tone-${tone}`} aria-hidden="true" />
      <span>
        {text}
        {detail && (
          <span className="run-state-detail small" data-testid="run-state-detail">
            {detail}
          </span>
        )}
      </span>
    </p>
  );
}
