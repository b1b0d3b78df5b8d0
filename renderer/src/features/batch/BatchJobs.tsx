import { formatCount } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useRun } from '../../store/run';
import { atTime, jobsSummary, nextPollText, statusWord } from './batchText';

/** Run tab: each Azure batch job of the run, live (status, renders, submitted, last polled, next poll). */
export function BatchJobs(): React.JSX.Element | null {
  const batch = useRun((s) => s.run.batch);
  const now = useNow(1000, !!batch);
  if (!batch) return null;
  return (
    <section className="panel-section" aria-labelledby="batch-jobs-title" data-testid="batch-jobs">
      <div className="section-head">
        <h3 id="batch-jobs-title">Azure batch jobs</h3>
        <span className="muted small" title={batch.endpoint}>
          {new URL(batch.endpoint).host}
        </span>
      </div>
      <p className="small" data-testid="batch-summary">
        {jobsSummary(batch.jobs)}
      </p>
      {batch.jobs.length > 0 && (
        <table className="batch-jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Renders</th>
              <th scope="col">Submitted</th>
              <th scope="col">Last polled</th>
              <th scope="col">Next poll</th>
            </tr>
          </thead>
          <tbody>
            {batch.jobs.map((job) => (
              <tr key={job.id} data-testid="batch-job" data-status={job.status} data-delivered={job.delivered ? 'true' : 'false'}>
                <td className="mono small" title={job.id}>
                  {job.id}
                  {job.resumed ? <span className="muted"> (picked up)</span> : null}
                  {job.attempt > 1 ? <span className="muted"> (resubmitted)</span> : null}
                </td>
                <td data-testid="batch-job-status">{statusWord(job)}</td>
                <td className="num">{formatCount(job.renders)}</td>
                <td className="num">{atTime(job.submittedAtMs)}</td>
                <td className="num">{atTime(job.lastPolledAtMs)}</td>
                <td className="num">{nextPollText(job.nextPollAtMs, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
