import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { JOURNAL_DIR, JOURNAL_FILE } from '../../../electron/main/core/run/journal';
import { groupMembers, killGroup, signalIfAlive, spawnGroup, type GroupChild } from '../../support/process-group';
import { GENERATE, LAUNCHER, REPO } from '../../support/run-generate';
import { useTempFolder } from '../../support/temp-folder';

/**
 * One Ctrl+C on `npm run generate`, however it was started (npm, the launcher that runs the bundle,
 * or the source under tsx): the terminal signals the whole process group, and npm and tsx relay it
 * again. The run must cancel cleanly, print its summary and the --json line, and end with the status
 * the README documents (130: what a shell reports for Ctrl+C, whether the process exits 130 or, like
 * npm and tsx, re-raises SIGINT on itself).
 */
const SAMPLE = 'resources/courses/es-en-starter.json';
const shellStatus = (result: { code: number | null; signal: NodeJS.Signals | null }): number | null => (result.signal === 'SIGINT' ? 130 : result.code);

const work = useTempFolder('cas-signals-');
let group: GroupChild | undefined;
afterEach(() => killGroup(group));

async function journalLines(out: string): Promise<number> {
  return (await readFile(join(out, JOURNAL_DIR, JOURNAL_FILE), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

/** The generator process: npm runs `sh -c "node electron/cli/launch.mjs ..."`, npx tsx a child with tsx's loader. */
type FindGenerator = (group: GroupChild) => number[];
const theChild: FindGenerator = (group) => [group.child.pid!];
const nodeRunning =
  (needle: string): FindGenerator =>
  (group) =>
    groupMembers(group.child.pid!, needle).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node');

const launchers: ReadonlyArray<{ name: string; command: string; args: (out: string) => string[]; generator: FindGenerator }> = [
  { name: 'npm run generate', command: 'npm', args: (out) => ['run', '--silent', 'generate', '--', SAMPLE, '--out', out, '--json'], generator: nodeRunning('launch.mjs') },
  { name: 'node launch.mjs (the bundle)', command: process.execPath, args: (out) => [LAUNCHER, SAMPLE, '--out', out, '--json'], generator: theChild },
  // From source, as before the bundle: still supported.
  { name: 'npx tsx', command: 'npx', args: (out) => ['tsx', GENERATE, SAMPLE, '--out', out, '--json'], generator: nodeRunning('loader.mjs') },
  { name: 'node --import tsx', command: process.execPath, args: (out) => ['--import', 'tsx', GENERATE, SAMPLE, '--out', out, '--json'], generator: theChild },
];

describe('Ctrl+C on generate (real process groups)', () => {
  for (const launcher of launchers) {
    it(`${launcher.name}: one SIGINT to the group cancels with the summary and the --json line, status 130`, async () => {
      const out = join(work.dir, launcher.name.replace(/\W+/g, '-'));
      group = spawnGroup(launcher.command, launcher.args(out), { cwd: REPO });
      await group.waitFor(/to render with the offline engine/, 60_000, 'stderr');
      // Interrupt mid-run: a few renders journalled, most still to do.
      for (let i = 0; i < 1_000 && (await journalLines(out)) < 3; i++) await new Promise((r) => setTimeout(r, 10));
      // The generator itself (not npm, sh or the tsx parent).
      const generators = launcher.generator(group);
      expect(generators).toHaveLength(1);
      group.interruptGroup();
      // The copy tsx relays when the child's "got it" message is late (a busy event loop): the
      // generator then sees the one Ctrl+C twice, a few milliseconds apart.
      await new Promise((r) => setTimeout(r, 40));
      signalIfAlive(generators[0]!, 'SIGINT');
      const result = await group.exited;

      const stderr = group.stderr();
      expect(stderr.match(/SIGINT: cancelling/g), stderr).toHaveLength(1);
      expect(stderr).not.toMatch(/again: quitting now/);
      expect(stderr).toMatch(
        /\nCancelled: \d+ rendered, 0 cached, \d+ written, 0 failed, \d+ not attempted of 450|\nCancelled: \d+ rendered, 0 cached, \d+ written, 0 failed of 450/,
      );
      const last = group.stdout().trim().split('\n').pop() ?? '';
      const summary = JSON.parse(last) as { state: string; total: number; rendered: number; cancelled: number };
      expect(summary).toMatchObject({ state: 'cancelled', total: 450 });
      expect(summary.rendered).toBeGreaterThanOrEqual(3);
      expect(summary.rendered).toBeLessThan(450);
      expect(shellStatus(result)).toBe(130);
      // What was finished is journalled: a restart would reuse it.
      expect(await journalLines(out)).toBeGreaterThanOrEqual(summary.rendered);
    });
  }
});

describe('copies of one signal, a second Ctrl+C, and when-exit (core/interrupts.ts in a real child)', () => {
  const FIXTURE = resolve(import.meta.dirname, 'fixtures/interrupt-child.ts');

  it('signals within a second count once and when-exit cannot act on them; one a second later forces exit 130', async () => {
    group = spawnGroup(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: REPO });
    await group.waitFor(/^ready$/m, 30_000, 'stdout');
    group.interruptGroup();
    await group.waitFor(/^interrupt SIGINT$/m, 10_000, 'stdout');
    group.interruptGroup(); // the same Ctrl+C relayed again (npm, tsx): not a second request
    await group.waitFor(/^repeat SIGINT$/m, 10_000, 'stdout');
    await new Promise((r) => setTimeout(r, 1_300));
    // when-exit would have run its callbacks and re-raised the signal at the first SIGINT.
    expect(group.stdout()).not.toContain('when-exit callback ran');
    expect(group.child.exitCode).toBeNull();
    group.interruptGroup();
    const result = await group.exited;
    expect(result.code).toBe(130);
    const lines = group.stdout().trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(['ready', 'interrupt SIGINT', 'repeat SIGINT', 'force SIGINT']);
  });
});
