/**
 * `npm run generate -- <course> --engine azure-batch --azure-host … --azure-key …`, end to end in a
 * child process (the real CLI), against the local batch server: a complete run, and a run killed after
 * submitting that the next run completes without submitting anything again.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorkspace } from '../../support/cli-workspace';
import type { BatchServer } from '../../support/azure-batch-server';
import { collect, runGenerate, spawnGenerate } from '../../support/run-generate';
import { decodeWithSox } from '../../support/audio-decode';
import { makeCourse } from '../azure/azure-harness';
import { startServer, storedJobs, TEST_KEY } from './batch-harness';

const work = useCliWorkspace('cas-batch-cli-');

const batchArgs = (s: BatchServer): string[] => ['--engine', 'azure-batch', '--azure-host', s.url, '--azure-key', TEST_KEY];

describe('generate --engine azure-batch', () => {
  it('renders a course through batch jobs: exit 0, JSON summary, decodable files, jobs deleted', async () => {
    const server = work.closeAfter(await startServer());
    const course = await work.writeCourse(makeCourse(12));
    const out = join(work.dir, 'out');
    const result = await runGenerate([course, ...batchArgs(server), '--out', out, '--json']);
    expect(result.stderr).toMatch(/batch synthesis/);
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ total: 24, rendered: 24, failed: 0, state: 'finished', engine: 'azure', format: 'wav' });
    const files = (await readdir(out)).filter((name) => name.endsWith('.wav'));
    expect(files).toHaveLength(24);
    expect((await decodeWithSox(join(out, files[0]!))).sampleRate).toBe(24_000);
    expect(server.counters()).toMatchObject({ creates: 1, deletes: 1, inputsSynthesized: 24 });
    expect(server.jobIds()).toEqual([]);
    expect(await storedJobs(out)).toEqual([]);
  });

  it('a run killed after submitting is completed by the next run without submitting again', async () => {
    const server = work.closeAfter(await startServer({ jobBaseMs: 4_000 })); // long enough to kill the first run while its job runs
    const course = await work.writeCourse(makeCourse(10));
    const out = join(work.dir, 'out');
    const child = spawnGenerate([course, ...batchArgs(server), '--out', out, '--json']);
    const first = collect(child, true);
    const deadline = Date.now() + 30_000;
    while (!(await storedJobs(out)).some((job) => job.state === 'submitted')) {
      if (Date.now() > deadline) throw new Error('the first run never submitted its job');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect((await first).signal).toBe('SIGKILL');
    expect(server.counters().creates).toBe(1);
    expect(server.jobIds()).toHaveLength(1);

    const second = await runGenerate([course, ...batchArgs(server), '--out', out, '--json']);
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ total: 20, rendered: 20, failed: 0, state: 'finished' });
    expect(second.stderr).toMatch(/Azure batch: 0 jobs submitted, 1 resumed from an earlier run, \d+ HTTP requests/);
    expect(server.counters()).toMatchObject({ creates: 1, inputsSynthesized: 20, deletes: 1 }); // nothing submitted twice
    expect(await storedJobs(out)).toEqual([]);
    const files = (await readdir(out)).filter((name) => name.endsWith('.wav'));
    expect(files).toHaveLength(20);
  });

  it('reports per-input failures per phrase in the summary, exit 1', async () => {
    const server = work.closeAfter(await startServer({ failInputMarker: 'ZZFAIL' }));
    const course = await work.writeCourse(makeCourse(4, { texts: (i) => (i === 2 ? 'ZZFAIL tres' : `frase ${i}`) }));
    const out = join(work.dir, 'out');
    const result = await runGenerate([course, ...batchArgs(server), '--out', out, '--json']);
    expect(result.code).toBe(1);
    expect(result.summary).toMatchObject({ total: 8, rendered: 6, failed: 2 });
    const failures = (result.summary as unknown as { failures: Array<{ phrase: string; variant: string; reason: string }> }).failures;
    expect(failures.map((f) => `${f.phrase}/${f.variant}`).sort()).toEqual(['p003/target', 'p003/target-slow']);
    expect(failures[0]!.reason).toMatch(/Azure batch synthesis failed this render \(job cas-[\w-]+, input \d+\)/);
  });
});
