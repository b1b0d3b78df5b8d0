import { describe, expect, it } from 'vitest';
import type { BatchJobView, Estimate } from '../../../shared/ipc/contract';
import { batchChoice, interactiveChoice, jobsSummary, nextPollText, statusWord, waitingJobsText } from '../../../renderer/src/features/batch/batchText';

const job = (over: Partial<BatchJobView>): BatchJobView => ({
  id: 'cas-1',
  status: 'NotStarted',
  renders: 1_000,
  attempt: 1,
  resumed: false,
  submittedAtMs: null,
  lastPolledAtMs: null,
  nextPollAtMs: null,
  delivered: false,
  ...over,
});

describe('the batch words', () => {
  it('both ways, each with its time and cost', () => {
    const estimate: Estimate = {
      renders: 30_000,
      toRender: 30_000,
      cached: 0,
      billableChars: 750_000,
      costUsd: 12,
      estimatedMs: 3_600_000,
      eta: { ms: 3_600_000, lowMs: 1_200_000, highMs: 10_800_000, basis: 'assumed', stalled: false },
      batch: { offered: true, thresholdRenders: 2_000, jobs: 30, estimatedMs: 77_500, lowMs: 30_000, highMs: 335_000, costUsd: 12 },
    };
    expect(interactiveChoice(estimate)).toBe('Generate: about 20 min – 3 h 00 min, $12.00');
    expect(batchChoice(estimate.batch!)).toBe('Azure batch: about 30 s – 6 min in 30 jobs, $12.00 (same price per character)');
    expect(interactiveChoice({ ...estimate, eta: { ...estimate.eta!, basis: 'measured' } })).toBe('Generate: about 1 h 00 min, $12.00');
  });

  it('summarizes the jobs by status and the renders delivered', () => {
    expect(jobsSummary([])).toMatch(/No jobs yet/);
    const jobs = [job({ id: 'a', status: 'Running' }), job({ id: 'b', status: 'Succeeded', delivered: true }), job({ id: 'c', status: 'Submitting', renders: 500 })];
    expect(jobsSummary(jobs)).toBe('3 jobs: 1 submitting, 1 running, 1 delivered · 1,000 of 2,500 renders delivered');
    expect(statusWord(job({ status: 'NotStarted' }))).toBe('queued at Azure');
    expect(statusWord(job({ status: 'Failed' }))).toBe('failed');
  });

  it('names the jobs an earlier session left waiting', () => {
    expect(waitingJobsText({ jobs: 1, renders: 12 })).toBe('1 job (12 renders) from an earlier session is waiting at Azure: sending picks it up, never submits it twice.');
    expect(waitingJobsText({ jobs: 2, renders: 1_500 })).toMatch(/^2 jobs \(1,500 renders\) from an earlier session are waiting/);
  });

  it('says when the next poll is', () => {
    expect(nextPollText(null, 0)).toBe('—');
    expect(nextPollText(10_300, 10_000)).toBe('now');
    expect(nextPollText(14_000, 10_000)).toBe('in 4 s');
  });
});
