/**
 * The manifest is the last file a run writes. When the disk refuses it (here: a folder sits where it
 * goes; on a full disk, ENOSPC lands there now and then), the run still answers with its --json
 * summary: stopped on the disk, exit 1, every delivered file kept, and a rerun once it is fixed
 * finishes without synthesizing anything again. Real CLI processes, real eSpeak.
 */
import { mkdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { deliveredFiles, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-manifest-');

describe('a manifest the disk refuses', () => {
  it('stops the run with its summary (stopReason disk), keeps every file, and a rerun finishes from the masters', async () => {
    const course = await writeSmallCourse(temp.dir, 3, 'manifest-refused');
    const out = join(temp.dir, 'out');
    await mkdir(join(out, 'manifest.json'), { recursive: true });

    const refused = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(refused.code).toBe(1);
    expect(refused.summary).toMatchObject({ state: 'stopped', stopReason: 'disk', rendered: 6, written: 6 });
    expect(refused.summary?.stopMessage).toContain('manifest.json');
    expect(refused.stderr).toMatch(/The run stopped: .*manifest\.json/);
    expect(await deliveredFiles(out)).toHaveLength(6);

    await rmdir(join(out, 'manifest.json'));
    const rerun = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary).toMatchObject({ state: 'finished', rendered: 0, cached: 6 });
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).items).toHaveLength(6);
  }, 60_000);
});
