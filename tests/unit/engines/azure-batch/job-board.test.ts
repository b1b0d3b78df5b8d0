import { describe, expect, it } from 'vitest';
import { JobBoard } from '../../../../electron/main/core/engines/azure-batch/job-board';
import type { StoredJob } from '../../../../electron/main/core/engines/azure-batch/job-store';

const stored = (id: string, state: StoredJob['state'], inputs = 3, createdAt = '2026-12-03T10:00:00.000Z'): StoredJob => ({
  id,
  attempt: 1,
  state,
  outputFormat: 'riff-24khz-16bit-mono-pcm',
  createdAt,
  inputs: Array.from({ length: inputs }, (_, i) => ({ key: `${id}-${i}`, content: `<speak>${i}</speak>` })),
});

describe('JobBoard (the Run tab’s batch jobs)', () => {
  it('follows a job from submission to delivery, with its poll times', () => {
    let now = 1_000_000;
    const board = new JobBoard(() => now);
    let changes = 0;
    board.onChange(() => changes++);
    board.track(stored('a', 'submitting', 5), false);
    expect(board.list()).toEqual([
      { id: 'a', status: 'Submitting', renders: 5, attempt: 1, resumed: false, submittedAtMs: null, lastPolledAtMs: null, nextPollAtMs: null, delivered: false },
    ]);
    now += 100;
    board.submitted('a');
    expect(board.list()[0]).toMatchObject({ status: 'NotStarted', submittedAtMs: 1_000_100 });
    board.willPoll('a', 1_500);
    expect(board.list()[0]!.nextPollAtMs).toBe(1_001_600);
    now += 1_500;
    board.polled('a', 'Running');
    expect(board.list()[0]).toMatchObject({ status: 'Running', lastPolledAtMs: 1_001_600, nextPollAtMs: null });
    board.polled('a', 'Succeeded');
    board.delivered('a');
    expect(board.list()[0]).toMatchObject({ status: 'Succeeded', delivered: true });
    expect(changes).toBe(6); // one per step
  });

  it('lists jobs picked up from an earlier run with their stored state, oldest submission first', () => {
    const board = new JobBoard(() => Date.parse('2026-12-03T12:00:00.000Z'));
    board.track(stored('new', 'submitting'), false);
    board.track(stored('late', 'submitted', 2, '2026-12-03T11:00:00.000Z'), true);
    board.track(stored('early', 'downloaded', 4, '2026-12-03T09:00:00.000Z'), true);
    const jobs = board.list();
    expect(jobs.map((job) => job.id)).toEqual(['early', 'late', 'new']);
    expect(jobs[0]).toMatchObject({ status: 'Succeeded', delivered: true, resumed: true, submittedAtMs: Date.parse('2026-12-03T09:00:00.000Z') });
    expect(jobs[1]).toMatchObject({ status: 'NotStarted', delivered: false, resumed: true });
  });

  it('a job the service lost is dropped; unknown ids change nothing', () => {
    const board = new JobBoard();
    board.track(stored('a', 'submitted'), false);
    let changes = 0;
    board.onChange(() => changes++);
    board.polled('nope', 'Running');
    board.forget('nope');
    expect(changes).toBe(0);
    board.forget('a');
    expect(board.list()).toEqual([]);
    expect(changes).toBe(1);
  });
});
