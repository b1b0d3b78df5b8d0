import type { BatchJobView } from '../../../../../shared/ipc/contract';
import type { BatchJobStatus } from './batch-rest-client';
import type { StoredJob } from './job-store';

/**
 * What the studio's Run tab shows of a batch run's jobs: each job's id, status, renders, when it was
 * submitted, last polled and will next be polled, and whether its results were delivered. The
 * coordinator reports each step here; listeners hear "something changed" (the studio coalesces them
 * into its ~10-per-second run:changed events). Jobs stay listed once delivered or failed, so the tab
 * can say what happened; a job the service lost is dropped (its renders go out in a new job).
 */
export class JobBoard {
  private readonly jobs = new Map<string, BatchJobView>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A job stored by this run (about to be submitted) or by an earlier one (picked up). */
  track(job: StoredJob, resumed: boolean): void {
    const submittedAtMs = job.state === 'submitting' ? null : Date.parse(job.createdAt) || null;
    this.jobs.set(job.id, {
      id: job.id,
      status: job.state === 'submitting' ? 'Submitting' : job.state === 'downloaded' ? 'Succeeded' : 'NotStarted',
      renders: job.inputs.length,
      attempt: job.attempt,
      resumed,
      submittedAtMs,
      lastPolledAtMs: null,
      nextPollAtMs: null,
      delivered: job.state === 'downloaded',
    });
    this.changed();
  }

  /** The service accepted the create (or already knew the job). */
  submitted(id: string): void {
    this.update(id, (job) => ({ ...job, status: job.status === 'Submitting' ? 'NotStarted' : job.status, submittedAtMs: job.submittedAtMs ?? this.now() }));
  }

  /** The next poll is due in `inMs`. */
  willPoll(id: string, inMs: number): void {
    this.update(id, (job) => ({ ...job, nextPollAtMs: this.now() + inMs }));
  }

  /** A poll answered with the job's status. */
  polled(id: string, status: BatchJobStatus): void {
    this.update(id, (job) => ({ ...job, status, lastPolledAtMs: this.now(), nextPollAtMs: null }));
  }

  /** Its results were unpacked and handed to the run. */
  delivered(id: string): void {
    this.update(id, (job) => ({ ...job, status: 'Succeeded', delivered: true, nextPollAtMs: null }));
  }

  /** The service no longer knows the job: it is not listed any more. */
  forget(id: string): void {
    if (this.jobs.delete(id)) this.changed();
  }

  /** Every job, oldest submission first (jobs not yet submitted last, in the order they were stored). */
  list(): BatchJobView[] {
    return [...this.jobs.values()].sort((a, b) => (a.submittedAtMs ?? Number.POSITIVE_INFINITY) - (b.submittedAtMs ?? Number.POSITIVE_INFINITY));
  }

  private update(id: string, change: (job: BatchJobView) => BatchJobView): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.set(id, change(job));
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
