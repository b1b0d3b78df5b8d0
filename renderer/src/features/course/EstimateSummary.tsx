import { formatCount, formatMoney } from '../../lib/format';
import { useCourse } from '../../store/course';
import { isLive, useRun } from '../../store/run';
import { useTimeLeft } from '../run/useTimeLeft';

/** What is left to do: renders, billable characters, money (Azure only) and time. */
export function EstimateSummary(): React.JSX.Element | null {
  const hasCourse = useCourse((s) => s.course !== null);
  const estimate = useRun((s) => s.estimate);
  const live = useRun((s) => isLive(s.run.state));
  // While running, the run's own measured rate; before, the estimate's assumed one, as a range.
  const { left, text: timeText } = useTimeLeft();
  const remaining = useRun((s) => s.run.progress.remaining);
  if (!hasCourse || !estimate) return null;
  // While running, the run's own counts are fresher than the last estimate (asked for at most every 1.5 s).
  const toRender = live ? remaining : estimate.toRender;
  if (toRender === 0 && !live) {
    return (
      <div className="estimate" data-testid="estimate" title={`${formatCount(estimate.cached)} renders already on disk`}>
        <span className="estimate-done">Everything is rendered</span>
      </div>
    );
  }
  return (
    <div
      className="estimate"
      data-testid="estimate"
      title={`${formatCount(estimate.renders)} renders in the course, ${formatCount(estimate.cached)} already on disk and never billed again`}
    >
      <Metric value={formatCount(toRender)} label="to render" />
      {/* Characters and money only mean something for Azure, which bills them. */}
      {estimate.costUsd != null && <Metric value={formatCount(estimate.billableChars)} label="chars" />}
      {estimate.costUsd != null && <Metric value={formatMoney(estimate.costUsd)} label="on Azure" />}
      <Metric value={timeText} label={left.kind === 'stalled' || left.kind === 'waiting' || left.kind === 'paused' ? '' : 'left'} testId="estimate-time" />
    </div>
  );
}

function Metric({ value, label, testId }: { value: string; label: string; testId?: string }): React.JSX.Element {
  return (
    <span className="estimate-metric" data-testid={testId}>
      <span className="num">{value}</span> {label && <span className="muted">{label}</span>}
    </span>
  );
}
