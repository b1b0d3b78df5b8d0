import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_DIR, JOURNAL_FILE } from '../../../electron/main/core/run/journal';
import { groupMembers, killGroup, signalIfAlive, spawnGroup, type GroupChild } from '../../support/process-group';
import { REPO } from '../../support/run-generate';
import { BridgeSocket } from '../../support/bridge/bridge-socket';
import { useTempFolder } from '../../support/temp-folder';

/**
 * `npm run studio:web` during an offline run, then one Ctrl+C to its process group (plus the copy a
 * relay delivers): the graceful shutdown must run to the end (when-exit, loaded by conf, used to re-raise
 * the signal and cut it short), keeping every finished render in the journal and the manifest.
 */
const SAMPLE = join(REPO, 'resources/courses/es-en-starter.json');

const work = useTempFolder('cas-bridge-signal-');
let group: GroupChild | undefined;
afterEach(() => killGroup(group));

/**
 * The studio exits 0 after its graceful shutdown; npm, which got the Ctrl+C too, then ends itself by
 * SIGINT (npm re-raises a signal it received once its script is done), which a shell shows as 130.
 */
/**
 * `npm run studio:web` is `node --import tsx ...` (sh runs node, which gets the group's SIGINT itself);
 * the tsx binary runs a child with tsx's loader, relaying the signal to it.
 */
const nodeProcesses = (group: GroupChild, needle: string): number[] =>
  groupMembers(group.child.pid!, needle).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node');
const launchers = [
  { name: 'npm run studio:web', command: 'npm', args: ['run', '--silent', 'studio:web', '--'], status: { code: null, signal: 'SIGINT' }, studioNeedle: 'bridge/cli.ts' },
  {
    name: 'tsx tests/support/bridge/cli.ts',
    command: join(REPO, 'node_modules/.bin/tsx'),
    args: ['tests/support/bridge/cli.ts'],
    status: { code: 0, signal: null },
    studioNeedle: 'loader.mjs',
  },
] as const;

describe('Ctrl+C on the studio bridge during a run', () => {
  it.each(launchers)('$name: runs the whole graceful shutdown, logs it, writes the journal and the manifest', async ({ name, command, args, status, studioNeedle }) => {
    const outputDir = join(work.dir, name.replace(/\W+/g, '-'));
    group = spawnGroup(command, [...args, '--settings', join(outputDir, 'settings'), '--course', SAMPLE], { cwd: REPO });
    await group.waitFor(/^STUDIO_URL=\S+$/m, 120_000, 'stdout');
    const studioUrl = /^STUDIO_URL=(\S+)$/m.exec(group.stdout())![1]!;
    const socket = await BridgeSocket.open(studioUrl);
    expect(await socket.invoke('settings:update', { outputDir })).toMatchObject({ ok: true });
    expect(await socket.invoke('run:start')).toMatchObject({ ok: true });
    const journal = join(outputDir, 'es-en-starter', JOURNAL_DIR, JOURNAL_FILE);
    const journalLines = async (): Promise<number> => (await readFile(journal, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    for (let i = 0; i < 2_000 && (await journalLines()) < 3; i++) await new Promise((r) => setTimeout(r, 10));

    const studios = nodeProcesses(group, studioNeedle);
    expect(studios).toHaveLength(1);
    const studio = studios[0];
    group.interruptGroup();
    await new Promise((r) => setTimeout(r, 40));
    signalIfAlive(studio!, 'SIGINT'); // the copy a relay (tsx's) delivers a moment later
    const result = await group.exited;
    socket.close();

    const stderr = group.stderr();
    expect(stderr).toMatch(/SIGINT: shutting down/); // (a failure shows the whole stderr)
    expect(stderr.match(/SIGINT: shutting down/g), stderr).toHaveLength(1);
    expect(stderr).toContain('shutdown complete: stop dispatch, settle in-flight renders, persist journal and manifest, close pools');
    expect(stderr).not.toMatch(/again: exiting now/);
    expect(result).toEqual(status);
    const lines = await journalLines();
    expect(lines).toBeGreaterThanOrEqual(3);
    expect(lines).toBeLessThan(450);
    const manifestFile = join(outputDir, 'es-en-starter', 'manifest.json');
    expect(existsSync(manifestFile)).toBe(true);
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { items: unknown[] };
    expect(manifest.items.length).toBe(lines);
  });
});
