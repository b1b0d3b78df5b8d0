import { plural } from '../../lib/format';
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
        <ul className="batch-jobs">
          {batch.jobs.map((job) => (
            <li key={job.id} data-testid="batch-job" data-status={job.status} data-delivered={job.delivered ? 'true' : 'false'}>
              <div className="batch-job-head">
                <span className="mono small batch-job-id" title={job.id}>
                  {job.id}
                </span>
                <span className="small" data-testid="batch-job-status">
                  {statusWord(job)}
                </span>
                <span className="small num">{plural(job.renders, 'render')}</span>
              </div>
              <div className="muted small num">
                submitted {atTime(job.submittedAtMs)} · polled {atTime(job.lastPolledAtMs)} · next poll {nextPollText(job.nextPollAtMs, now)}
                {job.resumed ? ' · picked up from an earlier session' : ''}
                {job.attempt > 1 ? ' · resubmitted once' : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
