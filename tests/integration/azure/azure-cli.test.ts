/**
 * `npm run generate -- <course> --engine azure --azure-host … --azure-key … --max-connections N`, end to
 * end in a child process (the real CLI, the real SDK), against the local server. The CLI relies on
 * nothing the real service would not do: it only speaks the protocol (socket + voices list).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorkspace } from '../../support/cli-workspace';
import type { AzureServer } from '../../support/azure-server';
import { runGenerate } from '../../support/run-generate';
import { TEST_KEY, makeCourse, startServer } from './azure-harness';

const work = useCliWorkspace('cas-azure-cli-');

const azureArgs = (s: AzureServer, key = TEST_KEY): string[] => ['--engine', 'azure', '--azure-host', s.url, '--azure-key', key];

/** Every file the run left behind, as one string, to look for the key in. */
async function everythingWritten(root: string): Promise<string> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'latin1')));
  return texts.join('\n');
}

describe('generate --engine azure', () => {
  it('renders a small course: exit 0, JSON summary, files, sockets ≤ --max-connections, 0 open at exit', async () => {
    const server = work.closeAfter(await startServer());
    const course = await work.writeCourse(makeCourse(10));
    const out = join(work.dir, 'out');
    const result = await runGenerate([course, ...azureArgs(server), '--max-connections', '4', '--out', out, '--json']);
    expect(result.stderr).toContain('up to 4 connections, starting at 4');
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ total: 20, rendered: 20, failed: 0, state: 'finished', engine: 'azure', format: 'wav' });
    const files = (await readdir(out)).filter((name) => name.endsWith('.wav'));
    expect(files).toHaveLength(20);
    const counters = server.counters();
    expect(counters.upgrades).toBeLessThanOrEqual(4);
    expect(counters.voicesListRequests).toBe(1); // the course's voices were checked first
    expect(counters.openSockets).toBe(0);
  });

  it('an unknown voice is reported before anything is rendered: exit 2, naming the voice and where it is used', async () => {
    const server = work.closeAfter(await startServer());
    const course = await work.writeCourse(makeCourse(3, { voice: 'es-ES-NadieNeural' }));
    const result = await runGenerate([course, ...azureArgs(server), '--out', join(work.dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('voice "es-ES-NadieNeural"');
    expect(result.stderr).toMatch(/variant "target", e\.g\. phrase "p001", 6 renders/);
    expect(result.stderr).toMatch(/Voices for es-ES: es-ES-ElviraNeural/);
    expect(server.counters()).toMatchObject({ upgrades: 0, turns: 0 });
  });

  it('a wrong key: exit 1 with the auth message, no synthesis attempted, the key printed nowhere', async () => {
    const server = work.closeAfter(await startServer());
    const key = 'wrong-key-0a1b2c3d4e5f';
    const course = await work.writeCourse(makeCourse(3));
    const result = await runGenerate([course, ...azureArgs(server, key), '--out', join(work.dir, 'out'), '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Azure Speech refused the key when listing voices \(HTTP 401\)/);
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(server.counters().upgrades).toBe(0);
    // Every stop path prints the --json summary line, this one too.
    expect(result.summary).toMatchObject({ state: 'stopped', stopReason: 'auth', rendered: 0, pending: 6 });
  });

  it('an unreachable host: the run gives up after --give-up-after, exit 1, stopReason unreachable naming the host, all pending', async () => {
    const course = await work.writeCourse(makeCourse(3));
    const started = performance.now();
    const result = await runGenerate([
      course,
      '--engine',
      'azure',
      '--azure-host',
      'http://127.0.0.1:9',
      '--azure-key',
      TEST_KEY,
      '--give-up-after',
      '2',
      '--out',
      join(work.dir, 'out'),
      '--json',
    ]);
    const wallMs = performance.now() - started;
    expect(result.code).toBe(1);
    expect(result.summary).toMatchObject({ state: 'stopped', stopReason: 'unreachable', rendered: 0, failed: 0, pending: 6 });
    expect(result.summary!.stopMessage).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9 since \d\d:\d\d/);
    expect(result.summary!.pendingRenders).toEqual(['p001/target', 'p001/target-slow', 'p002/target', 'p002/target-slow', 'p003/target', 'p003/target-slow']);
    expect(result.stderr).toMatch(/outage: cannot reach http:\/\/127\.0\.0\.1:9 since/);
    expect(result.stderr).not.toMatch(/asked us to slow down/);
    expect(wallMs).toBeLessThan(20_000); // the deadline (2 s) plus start-up, not for ever
  });

  it('the socket refuses the key (401 on the upgrade): the run stops, exit 1, the key in no output or file', async () => {
    const server = work.closeAfter(await startServer({ faults: { rates: { 'unauthorized-upgrade': 1 } } }));
    const course = await work.writeCourse(makeCourse(5));
    const out = join(work.dir, 'out');
    const result = await runGenerate([course, ...azureArgs(server), '--max-connections', '4', '--out', out, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The run stopped: Azure Speech refused the key \(HTTP 401\)/);
    expect(result.summary).toMatchObject({ state: 'stopped', rendered: 0, failed: 0, pending: 10 });
    expect(server.counters().upgrades).toBeLessThanOrEqual(4);
    expect(result.stdout + result.stderr).not.toContain(TEST_KEY);
    expect(await everythingWritten(out)).not.toContain(TEST_KEY);
  });

  it('--tier f0 applies the client-side rate limit; CAS_AZURE_CALL_TIMEOUT_MS bounds a hung call', async () => {
    const server = work.closeAfter(await startServer({ faults: { nextTurns: ['stall'] } }));
    const course = await work.writeCourse(makeCourse(1));
    const result = await runGenerate([course, ...azureArgs(server), '--tier', 'f0', '--out', join(work.dir, 'out'), '--json'], { CAS_AZURE_CALL_TIMEOUT_MS: '1000' });
    expect(result.stderr).toContain('at most 16 requests per 60 s');
    expect(result.code).toBe(0);
    expect(result.summary).toMatchObject({ rendered: 2, failed: 0 });
    expect(server.counters().turnsByOutcome).toMatchObject({ stalled: 1, completed: 2 });
  });
});
