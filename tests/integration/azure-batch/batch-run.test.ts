/**
 * Acceptance of the batch engine (issue 13) through the product's path: AzureBatchEngine -> EnginePool
 * -> CourseRun, against the local batch synthesis server, compared with an interactive run through
 * the real Speech SDK against the local WebSocket server (same audio code, same seed).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { BatchJobStore, BatchRestClient, batchOutputFormat, inputKey } from '../../../electron/main/core/engines/azure-batch';
import type { Manifest } from '../../../shared/model/render';
import { assertSoxAvailable, decodeWithSox } from '../../support/audio-decode';
import type { BatchServer } from '../../support/azure-batch-server';
import { cleanup, makeCourse, runCourse, startServer as startWsServer } from '../azure/azure-harness';
import { batchRun, makeOutDir, removeDir, runBatchCourse, startServer, storedJobs, TEST_KEY } from './batch-harness';

const dirs: string[] = [];
let server: BatchServer | undefined;

beforeAll(async () => {
  await assertSoxAvailable();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function outDir(): Promise<string> {
  const dir = await makeOutDir();
  dirs.push(dir);
  return dir;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Journal lines without the times they were written (the only thing two runs may differ in). */
async function journalOf(dir: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(dir, '.course-audio-studio', 'journal.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { at: _at, mtimeMs: _mtimeMs, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    })
    .sort((a, b) => String(a.file).localeCompare(String(b.file)));
}

/** The masters cache's index, as key -> content hash and size. */
async function mastersOf(dir: string): Promise<Array<[string, unknown, unknown]>> {
  const text = await readFile(join(dir, '.course-audio-studio', 'masters', 'index.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { key: string; sha256: unknown; bytes: unknown })
    .map((entry): [string, unknown, unknown] => [entry.key, entry.sha256, entry.bytes])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

async function manifestOf(dir: string): Promise<Manifest['items']> {
  return (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest).items;
}

describe('a course split into several batch jobs', () => {
  it('renders completely, with the manifest, journal and audio of an interactive run', async () => {
    const course = makeCourse(30); // 60 renders
    server = await startServer();
    const batchDir = await outDir();
    const { summary, engine } = await runBatchCourse(server, course, batchDir, { limits: { maxInputs: 25, maxPayloadBytes: 2 * 1024 * 1024 } });
    expect(summary).toMatchObject({ total: 60, rendered: 60, failed: 0, state: 'finished', failures: [] });
    const counters = server.counters();
    expect(counters.creates).toBe(3); // 25 + 25 + 10
    expect(counters.inputsSynthesized).toBe(60); // nothing billed twice
    expect(counters.deletes).toBe(3); // every job deleted from the service after download
    expect(server.jobIds()).toEqual([]);
    expect(await storedJobs(batchDir)).toEqual([]);
    expect(engine.stats()).toMatchObject({ jobsSubmitted: 3, jobsResubmitted: 0, jobsFailed: 0, inputsFailed: 0, resultsDelivered: 60 });

    const wsServer = await startWsServer();
    const interactive = await runCourse({ server: wsServer, course, maxConnections: 4 });
    try {
      expect(interactive.summary).toMatchObject({ rendered: 60, failed: 0 });
      expect(await manifestOf(batchDir)).toEqual(await manifestOf(interactive.outDir));
      expect(await journalOf(batchDir)).toEqual(await journalOf(interactive.outDir));
      expect(await mastersOf(batchDir)).toEqual(await mastersOf(interactive.outDir));
      for (const job of planRenders(course, { engine: 'azure', format: 'wav' })) {
        expect(sha(await readFile(join(batchDir, job.file))), job.file).toBe(sha(await readFile(join(interactive.outDir, job.file))));
      }
    } finally {
      await cleanup(interactive);
      await wsServer.close();
    }
    // Decoded by sox, not by our code: real 24 kHz WAV of the right length.
    const first = planRenders(course, { engine: 'azure', format: 'wav' })[0]!;
    const decoded = await decodeWithSox(join(batchDir, first.file));
    expect(decoded.sampleRate).toBe(24_000);
    expect(decoded.decodedSec).toBeGreaterThan(0.3);
    expect(decoded.rmsAmplitude).toBeGreaterThan(0.01);
  });

  it('splits by payload size as well as by count', async () => {
    const course = makeCourse(12, { texts: (i) => `${'palabra '.repeat(60)} ${i}.` });
    // The server refuses (400) any create over 6,000 bytes, as the service does over 2 MB.
    server = await startServer({ maxPayloadBytes: 6_000 });
    const dir = await outDir();
    const { summary } = await runBatchCourse(server, course, dir, { limits: { maxInputs: 1000, maxPayloadBytes: 6_000 } });
    expect(summary).toMatchObject({ rendered: 24, failed: 0 });
    expect(server.counters().creates).toBeGreaterThanOrEqual(4); // ~700 bytes per input, under 5 KB of inputs per job
    expect(server.counters().inputsSynthesized).toBe(24);
  });
});

describe('failures', () => {
  it('reports per-input failures per phrase and variant; the rest of the job is delivered', async () => {
    const course = makeCourse(10, { texts: (i) => (i === 3 || i === 7 ? `ZZFAIL frase ${i}` : `frase normal ${i}`) });
    server = await startServer({ failInputMarker: 'ZZFAIL' });
    const dir = await outDir();
    const { summary } = await runBatchCourse(server, course, dir);
    expect(summary).toMatchObject({ total: 20, rendered: 16, failed: 4, state: 'finished' });
    const failed = summary.failures.map((failure) => `${failure.phrase}/${failure.variant}`).sort();
    expect(failed).toEqual(['p004/target', 'p004/target-slow', 'p008/target', 'p008/target-slow']);
    for (const failure of summary.failures) {
      expect(failure.reason).toMatch(/Azure batch synthesis failed this render \(job cas-[\w-]+, input \d+\)/);
      expect(failure.attempts).toBe(1); // reported, not retried into new jobs
    }
    expect(server.counters().creates).toBe(1);
  });

  it('resubmits a job the service failed once, and it then completes', async () => {
    const course = makeCourse(8);
    server = await startServer({ failFirstJobs: 1 });
    const dir = await outDir();
    const { summary, engine, logs } = await runBatchCourse(server, course, dir);
    expect(summary).toMatchObject({ total: 16, rendered: 16, failed: 0 });
    expect(server.counters().creates).toBe(2);
    expect(engine.stats()).toMatchObject({ jobsResubmitted: 1, jobsFailed: 0 });
    expect(logs.join('\n')).toMatch(/failed \(InternalServerError: .*\); resubmitted once as cas-/);
  });

  it('reports the renders of a job that fails again after its one resubmission', async () => {
    const course = makeCourse(6, { texts: (i) => (i === 0 ? 'JOBFAIL uno' : `frase ${i}`) });
    server = await startServer({ failJobMarker: 'JOBFAIL' });
    const dir = await outDir();
    const { summary, engine } = await runBatchCourse(server, course, dir);
    expect(server.counters().creates).toBe(2); // submitted, resubmitted once, never a third time
    expect(summary).toMatchObject({ total: 12, rendered: 0, failed: 12 });
    expect(summary.failures[0]!.reason).toMatch(/failed this render twice \(jobs cas-[\w-]+ and cas-[\w-]+: InternalServerError/);
    expect(engine.stats().jobsFailed).toBe(1);
    expect(await storedJobs(dir)).toEqual([]);
  });

  it('waits out 429 answers (Retry-After) and still completes', async () => {
    const course = makeCourse(20);
    server = await startServer({ rateLimit: { requests: 3, windowMs: 1_000 } });
    const dir = await outDir();
    const { summary, engine } = await runBatchCourse(server, course, dir, { limits: { maxInputs: 10, maxPayloadBytes: 2 * 1024 * 1024 } });
    expect(summary).toMatchObject({ total: 40, rendered: 40, failed: 0 });
    expect(server.counters().throttled).toBeGreaterThan(0);
    expect(engine.stats().throttled).toBe(server.counters().throttled);
    expect(server.counters().creates).toBe(4);
  });
});

describe('closing after submission', () => {
  it('a later run picks the stored jobs up and completes without submitting anything again', async () => {
    const course = makeCourse(20); // 40 renders
    server = await startServer({ jobBaseMs: 1_500 });
    const dir = await outDir();
    const first = batchRun(server, course, dir, { limits: { maxInputs: 15, maxPayloadBytes: 2 * 1024 * 1024 } });
    const running = first.run.run();
    // Close the app as soon as every job is submitted (and none has finished).
    await until(async () => (await storedJobs(dir)).filter((job) => job.state === 'submitted').length === 3);
    first.run.cancel();
    const stopped = await running;
    await first.pool.close();
    expect(stopped.rendered).toBe(0);
    expect(server.counters().creates).toBe(3);
    expect((await storedJobs(dir)).map((job) => job.state)).toEqual(['submitted', 'submitted', 'submitted']);
    expect(server.jobIds()).toHaveLength(3);

    const { summary, engine } = await runBatchCourse(server, course, dir, { limits: { maxInputs: 15, maxPayloadBytes: 2 * 1024 * 1024 } });
    expect(summary).toMatchObject({ total: 40, rendered: 40, failed: 0, state: 'finished' });
    expect(server.counters().creates).toBe(3); // nothing submitted twice
    expect(server.counters().inputsSynthesized).toBe(40);
    expect(engine.stats()).toMatchObject({ jobsResumed: 3, jobsSubmitted: 0 });
    expect(server.jobIds()).toEqual([]);
    expect(await storedJobs(dir)).toEqual([]);
  });
});

describe('a stored job the service no longer has (expired, or deleted elsewhere)', () => {
  it('is submitted again for the renders still wanted, and the run completes', async () => {
    const course = makeCourse(6);
    server = await startServer({ jobBaseMs: 1_500 });
    const dir = await outDir();
    const first = batchRun(server, course, dir);
    const running = first.run.run();
    await until(async () => (await storedJobs(dir)).some((job) => job.state === 'submitted'));
    first.run.cancel();
    await running;
    await first.pool.close();
    const [lostId] = server.jobIds();
    await new BatchRestClient({ endpoint: server.url, key: TEST_KEY }).delete(lostId!);

    const { summary, logs } = await runBatchCourse(server, course, dir);
    expect(summary).toMatchObject({ total: 12, rendered: 12, failed: 0 });
    expect(server.counters().creates).toBe(2);
    expect(logs.join('\n')).toContain(`Azure batch job ${lostId} is gone from the service (expired or deleted); its renders are submitted again`);
    expect(await storedJobs(dir)).toEqual([]);
  });
});

describe('a crash between storing a job and hearing back from its create', () => {
  it('the next run asks the service for the stored id and does not submit it again', async () => {
    const course = makeCourse(5);
    server = await startServer();
    const dir = await outDir();
    const inputs = planRenders(course, { engine: 'azure', format: 'wav' }).map((job) => ({ key: inputKey(job.ssml, batchOutputFormat('wav')), content: job.ssml }));
    // What a run killed just after its PUT reached the service leaves behind: the job stored as
    // 'submitting', and the job alive at the service.
    const store = await BatchJobStore.open(dir);
    await store.put({ id: 'cas-crashed-1', attempt: 1, state: 'submitting', outputFormat: batchOutputFormat('wav'), createdAt: new Date().toISOString(), inputs });
    await new BatchRestClient({ endpoint: server.url, key: TEST_KEY }).create('cas-crashed-1', {
      inputKind: 'SSML',
      inputs: inputs.map(({ content }) => ({ content })),
      properties: { outputFormat: batchOutputFormat('wav'), concatenateResult: false },
    });
    const { summary, engine } = await runBatchCourse(server, course, dir);
    expect(summary).toMatchObject({ total: 10, rendered: 10, failed: 0 });
    expect(server.counters().creates).toBe(1);
    expect(engine.stats()).toMatchObject({ jobsResumed: 1, jobsSubmitted: 0 });
    expect(await storedJobs(dir)).toEqual([]);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
