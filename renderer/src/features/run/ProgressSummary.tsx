import { formatCount, formatSpan } from '../../lib/format';
import { isLive, useRun } from '../../store/run';
import { summarizeProgress } from './progressText';
import { useTimeLeft } from './useTimeLeft';

/**
 * The determinate bar (done, cached and failed as segments of the whole) with counts under it.
 * Failed is a segment of its own colour and the count says it in words too.
 */
export function ProgressSummary(): React.JSX.Element {
  const progress = useRun((s) => s.run.progress);
  const state = useRun((s) => s.run.state);
  const { total, done, cached, failed, remaining, running, cancelled } = progress;
  const { pct, finished, perMinute } = summarizeProgress(progress);
  const share = (n: number): string => `${total > 0 ? (100 * n) / total : 0}%`;
  const { left, text } = useTimeLeft();

  return (
    <div className="panel-section progress-block">
      <div className="progress-head">
        <span className="progress-pct num" data-testid="progress-percent">
          {pct}%
        </span>
        <span className="muted num">
          {formatCount(finished)} of {formatCount(total)} renders
          {cancelled > 0 && <span data-testid="count-cancelled"> · {formatCount(cancelled)} cancelled</span>}
        </span>
      </div>
      <div
        className={`progress-bar${isLive(state) ? ' is-live' : ''}`}
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done + cached}
        aria-valuetext={`${pct}% rendered, ${formatCount(failed)} failed`}
        data-testid="progress-bar"
        data-done={done}
        data-cached={cached}
        data-failed={failed}
        data-total={total}
      >
        <span className="seg seg-done" style={{ width: share(done) }} />
        <span className="seg seg-cached" style={{ width: share(cached) }} />
        <span className="seg seg-failed" style={{ width: share(failed) }} />
      </div>
      <dl className="counts" data-testid="progress-counts">
        <Count label="Done" value={done} tone="done" testId="count-done" />
        <Count label="Cached" value={cached} tone="cached" testId="count-cached" />
        <Count label="Failed" value={failed} tone="failed" testId="count-failed" />
        <Count label="Remaining" value={remaining} tone="pending" testId="count-remaining" />
      </dl>
      <dl className="stats">
        <div>
          <dt>Rendering now</dt>
          <dd className="num" data-testid="count-running">
            {formatCount(running)}
          </dd>
        </div>
        <div>
          <dt>Renders / min</dt>
          <dd className="num" data-testid="renders-per-minute">
            {perMinute}
          </dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd className={left.kind === 'stalled' ? 'num tone-warn' : 'num'} data-testid="eta" data-kind={left.kind}>
            {isLive(state) ? text : '—'}
          </dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd className="num">{progress.elapsedMs > 0 ? formatSpan(progress.elapsedMs) : '—'}</dd>
        </div>
      </dl>
    </div>
  );
}

function Count({ label, value, tone, testId }: { label: string; value: number; tone: string; testId: string }): React.JSX.Element {
  return (
    <div className={`count count-${tone}${value > 0 ? ' has-some' : ''}`}>
      <dt>
        <span className={`count-swatch st-${tone}`} aria-hidden="true" />
        {label}
      </dt>
      <dd className="num" data-testid={testId}>
        {formatCount(value)}
      </dd>
    </div>
  );
}
