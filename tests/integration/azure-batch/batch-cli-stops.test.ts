/**
 * How a batch run ends when it cannot go on, through the real CLI in a child process against the local
 * batch server: a service that was never started, one stopped mid-run and one answering 503 stop the run
 * with stopReason "unreachable" (every unfinished render pending, jobs kept for the next run, exit 1,
 * one message naming the host); a refused key is "auth"; unknown voices and styles are reported before
 * anything is submitted (exit 2).
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import type { BatchServer } from '../../support/azure-batch-server';
import { collect, runGenerate, spawnGenerate, type GenerateResult } from '../../support/run-generate';
import { makeCourse } from '../azure/azure-harness';
import { startServer, storedJobs, TEST_KEY } from './batch-harness';
import { useTempFolderPerTest } from '../../support/temp-folder';

let server: BatchServer | undefined;
const temp = useTempFolderPerTest('cas-batch-stops-');

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function writeCourse(course: Course): Promise<string> {
  const file = join(temp.dir, 'course.json');
  await writeFile(file, JSON.stringify(course, null, 2));
  return file;
}

const args = (host: string, out: string, key = TEST_KEY): string[] => [
  '--engine',
  'azure-batch',
  '--azure-host',
  host,
  '--azure-key',
  key,
  '--out',
  out,
  '--json',
  '--give-up-after',
  '2',
];

/** A port nobody listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface StopSummary {
  total: number;
  pending: number;
  state: string;
  stopReason: string | null;
  stopMessage: string | null;
  pendingRenders?: string[];
  failed: number;
}

function expectUnreachable(result: GenerateResult, host: string, renders: number): StopSummary {
  expect(result.code).toBe(1);
  const summary = result.summary as unknown as StopSummary;
  expect(summary).toMatchObject({ total: renders, pending: renders, failed: 0, state: 'stopped', stopReason: 'unreachable' });
  expect(summary.pendingRenders).toHaveLength(renders);
  expect(summary.stopMessage).toMatch(new RegExp(`^Cannot reach Azure batch synthesis at ${host.replace(/[.]/g, '\\.')} since \\d\\d:\\d\\d`));
  expect(summary.stopMessage).not.toContain('\n');
  expect(result.stderr).toContain(`The run stopped: Cannot reach Azure batch synthesis at ${host}`);
  expect(result.stderr).not.toContain(TEST_KEY);
  return summary;
}

// Child CLIs (two per test at most) start slowly on a loaded 2-core machine.
describe('generate --engine azure-batch: runs that cannot go on', { timeout: 180_000 }, () => {
  it('a service that was never started: stopReason unreachable, every render pending, the job kept for the next run', async () => {
    const port = await deadPort();
    const out = join(temp.dir, 'out');
    const result = await runGenerate([await writeCourse(makeCourse(3)), ...args(`http://127.0.0.1:${port}`, out)]);
    expectUnreachable(result, `127.0.0.1:${port}`, 6);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    // Stored before its create was sent: the next run asks the service for it before sending it again.
    const jobs = await storedJobs(out);
    expect(jobs.map((job) => job.state)).toEqual(['submitting']);
    expect(jobs[0]!.inputs).toHaveLength(6);
  });

  /** Starts a run and resolves once its job is submitted (the run then polls it). */
  async function submitted(course: string, out: string, host: string): Promise<{ readonly ended: Promise<GenerateResult> }> {
    const ended = collect(spawnGenerate([course, ...args(host, out)]), true);
    const deadline = Date.now() + 60_000; // a child CLI starts slowly on a loaded machine
    while (!(await storedJobs(out)).some((job) => job.state === 'submitted')) {
      if (Date.now() > deadline) throw new Error('the run never submitted its job');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { ended }; // not the promise itself: an async function would wait for it
  }

  it('a service stopped while its job runs: stopReason unreachable, every render pending, the job kept', async () => {
    server = await startServer({ jobBaseMs: 60_000 });
    const out = join(temp.dir, 'out');
    const host = new URL(server.url).host;
    const run = await submitted(await writeCourse(makeCourse(3)), out, server.url);
    await server.close(); // connections refused from now on
    server = undefined;
    const result = await run.ended;
    expectUnreachable(result, host, 6);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
    expect((await storedJobs(out)).map((job) => job.state)).toEqual(['submitted']);
  });

  it('a service answering 503 while its job runs: stops unreachable; once it answers again the next run completes the same job', async () => {
    server = await startServer({ jobBaseMs: 8_000 }); // still running when the outage starts, even on a loaded machine
    const course = await writeCourse(makeCourse(3));
    const out = join(temp.dir, 'out');
    const run = await submitted(course, out, server.url);
    server.setUnavailable(true); // the outage: every poll is answered 503 from now on
    const result = await run.ended;
    expectUnreachable(result, new URL(server.url).host, 6);
    expect(result.stderr).toMatch(/HTTP 503/);
    expect((await storedJobs(out)).map((job) => job.state)).toEqual(['submitted']);

    server.setUnavailable(false);
    const second = await runGenerate([course, ...args(server.url, out)]);
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ total: 6, rendered: 6, pending: 0, state: 'finished' });
    expect(server.counters()).toMatchObject({ creates: 1, inputsSynthesized: 6 }); // nothing submitted twice
    expect(await storedJobs(out)).toEqual([]);
  });

  it('a service answering 503 to everything: stopReason unreachable naming the host, exit 1', async () => {
    server = await startServer({ unavailable: true });
    const out = join(temp.dir, 'out');
    const result = await runGenerate([await writeCourse(makeCourse(2)), ...args(server.url, out)]);
    expectUnreachable(result, new URL(server.url).host, 4);
    expect(result.stderr).toMatch(/HTTP 503 ServiceUnavailable/);
    expect(server.counters().creates).toBe(0);
  });

  it('a refused key stops the run as "auth" before anything is submitted', async () => {
    server = await startServer();
    const result = await runGenerate([await writeCourse(makeCourse(2)), ...args(server.url, join(temp.dir, 'out'), 'not-the-key-0000')]);
    expect(result.code).toBe(1);
    expect(result.summary).toMatchObject({ state: 'stopped', stopReason: 'auth', pending: 4 });
    expect(result.stderr).not.toContain('not-the-key-0000');
    expect(server.counters().creates).toBe(0);
  });

  it('unknown voices and styles are reported with their place before anything is submitted (exit 2)', async () => {
    server = await startServer();
    const course = makeCourse(2, { voice: 'es-ES-NobodyNeural' });
    const withStyle: Course = { ...course, variants: course.variants.map((v, i) => (i === 0 ? { ...v, voice: 'known', style: 'not-a-style' } : v)) };
    const result = await runGenerate([await writeCourse(withStyle), ...args(server.url, join(temp.dir, 'out'))]);
    expect(result.code).toBe(2);
    expect(result.summary).toMatchObject({ stopReason: 'voices', pending: 4 });
    expect(result.stderr).toMatch(/course\.json:\d+:\d+: voice "es-ES-NobodyNeural".*not a voice of this Azure Speech resource/);
    expect(result.stderr).toMatch(/not-a-style/);
    expect(server.counters()).toMatchObject({ creates: 0, voiceLists: 1 });
  });
});
