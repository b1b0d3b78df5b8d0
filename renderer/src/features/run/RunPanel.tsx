import { chartCeiling } from '../../lib/throughputSeries';
import { useRunSeries } from '../pool/useRunSeries';
import { Sparkline } from '../../ui/Sparkline';
import { BatchJobs } from '../batch/BatchJobs';
import { BatchOffer } from '../batch/SendToBatch';
import { FailureGroups } from './FailureGroups';
import { MastersCache } from './MastersCache';
import { OutputFolder } from './OutputFolder';
import { ProgressSummary } from './ProgressSummary';
import { RunCounts } from './RunCounts';
import { RunStateLine } from './RunStateLine';

/** Right panel, "Run" tab: how far, how fast, what went wrong. */
export function RunPanel(): React.JSX.Element {
  const throughput = useRunSeries();
  return (
    <div className="panel-body" data-testid="run-panel">
      <RunStateLine />
      <ProgressSummary />
      <RunCounts />
      <BatchOffer />
      <BatchJobs />
      <section className="panel-section" aria-labelledby="throughput-title">
        <div className="section-head">
          <h3 id="throughput-title">Throughput</h3>
          <span className="muted small">renders / s, this run</span>
        </div>
        <Sparkline values={throughput} max={chartCeiling(throughput)} label="Renders per second" unit="/s" testId="run-sparkline" />
      </section>
      <FailureGroups />
      <OutputFolder />
      <MastersCache />
    </div>
  );
}
