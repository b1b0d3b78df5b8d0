/**
 * A full disk and a read-only folder stop the run with one clear line naming the folder, lose nothing,
 * and a rerun after fixing it completes (acceptance, issue 10). Real faults: a small tmpfs that really
 * fills up, and the same tmpfs remounted read-only. Mounting needs root (the CI container runs as root);
 * elsewhere these tests are reported as skipped, never as passed.
 */
import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { deliveredFiles, expectAllDecode, masterFiles, writeSmallCourse } from './storage-harness';
import { useTempFolderPerTest } from '../../support/temp-folder';

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    const probe = execFileSync('mktemp', ['-d']).toString().trim();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    execFileSync('umount', [probe]);
    execFileSync('rmdir', [probe]);
    return true;
  } catch {
    return false;
  }
}

const mountable = canMount();
const temp = useTempFolderPerTest('cas-disk-');
let disk: string;

beforeEach(async () => {
  disk = join(temp.dir, 'disk');
  execFileSync('mkdir', [disk]);
});
afterEach(async () => {
  if (mountable) execFileSync('umount', ['-l', disk], { stdio: 'ignore' });
});

const mount = (options: string): void => void execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', disk]);
const remount = (options: string): void => void execFileSync('mount', ['-o', `remount,${options}`, disk]);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!mountable)('disk full and read-only output folders (tmpfs, root only)', () => {
  it('ENOSPC: the run stops naming the folder, keeps every finished render, and a rerun after freeing space completes', async () => {
    mount('size=640k');
    const course = await writeSmallCourse(temp.dir, 12, 'disk-full');
    const out = join(disk, 'out');
    const full = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--max-connections', '1']);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(new RegExp(`No space left for ${escape(out)} \\(ENOSPC\\): free some space and run again`));
    expect(full.summary).toMatchObject({ state: 'stopped' });
    const mastersKept = (await masterFiles(out)).length;
    expect(mastersKept).toBeGreaterThan(0);
    expect((await readdir(out, { recursive: true })).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    remount('size=16m');
    const rerun = await runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--max-connections', '1']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary?.rendered).toBe(24 - mastersKept); // nothing finished was synthesized again
    const files = await deliveredFiles(out);
    expect(files).toHaveLength(24);
    await expectAllDecode(out, files, 'pcm_s16le');
  }, 90_000);

  it('read-only: a new folder and an existing one both stop with the folder named; nothing is lost; a rerun completes', async () => {
    mount('size=16m');
    const course = await writeSmallCourse(temp.dir, 3, 'read-only');
    const out = join(disk, 'out');
    const first = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(first.code, first.stderr).toBe(0);
    const before = await deliveredFiles(out);
    remount('ro');

    const fresh = await runGenerate([course, '--out', join(disk, 'new-folder'), '--engine', 'offline']);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(new RegExp(`error: ${escape(join(disk, 'new-folder'))} cannot be written \\(EROFS: read-only or no permission\\)`));
    expect(fresh.stderr).not.toMatch(/ENOENT/);

    const bigger = await writeSmallCourse(temp.dir, 5, 'read-only');
    const existing = await runGenerate([bigger, '--out', out, '--engine', 'offline']);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(new RegExp(`${escape(out)} cannot be written \\(EROFS`));
    expect(await deliveredFiles(out)).toEqual(before);

    remount('rw');
    const rerun = await runGenerate([bigger, '--out', out, '--json', '--engine', 'offline']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary).toMatchObject({ total: 10, rendered: 4, cached: 6 });
    await expectAllDecode(out, await deliveredFiles(out), 'pcm_s16le');
  }, 90_000);
});
