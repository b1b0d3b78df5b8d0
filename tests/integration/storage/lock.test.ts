/**
 * One writer per folder (acceptance, issue 10): a second run on a folder being written exits 2 at once
 * naming the holder, and the first completes with a journal equal to its files. A holder killed with
 * SIGKILL does not block the next run. Real CLI processes, real eSpeak.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runGenerate, spawnGenerate } from '../../support/run-generate';
import { folderLockHolder } from '../../../electron/main/core/run/folder-lock';
import { deliveredFiles, readJournal, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-lock-');

/** Resolves once the child's stderr contains `pattern`. */
function waitForStderr(child: ReturnType<typeof spawnGenerate>, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      if (pattern.test(text)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before printing ${pattern}: ${text}`)));
  });
}

describe('one writer per output folder', () => {
  it('a second run exits 2 at once with the holder; the first completes with a journal equal to its files', async () => {
    const course = await writeSmallCourse(temp.dir, 150, 'lock-two');
    const out = join(temp.dir, 'two');
    const first = spawnGenerate([course, '--out', out, '--json', '--engine', 'offline', '--max-connections', '1']);
    const firstDone = collect(first, true);
    await waitForStderr(first, /to render with the offline engine/);
    expect(await folderLockHolder(out)).toMatchObject({ pid: first.pid });

    const startedAt = Date.now();
    const second = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`error: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another run \\(pid ${first.pid}, started \\d\\d:\\d\\d\\)`));
    expect(Date.now() - startedAt).toBeLessThan(15_000); // at once: no waiting for the lock (tsx start-up dominates)
    expect(first.exitCode).toBeNull(); // the refusal came while the first was still writing

    const result = await firstDone;
    expect(result.code, result.stderr).toBe(0);
    expect(result.summary).toMatchObject({ total: 300, rendered: 300, written: 300 });
    const journalFiles = [...new Set((await readJournal(out)).map((entry) => entry.file))].sort();
    expect(journalFiles).toEqual(await deliveredFiles(out));
    expect(await folderLockHolder(out)).toBeUndefined();
  }, 90_000);

  it('a holder killed with SIGKILL does not block the next run', async () => {
    const course = await writeSmallCourse(temp.dir, 30, 'lock-killed');
    const out = join(temp.dir, 'killed');
    const first = spawnGenerate([course, '--out', out, '--engine', 'offline', '--max-connections', '1']);
    const exited = new Promise((resolve) => first.once('exit', resolve));
    await waitForStderr(first, /to render with the offline engine/);
    first.kill('SIGKILL');
    await exited;
    const next = await runGenerate([course, '--out', out, '--json', '--engine', 'offline']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.summary).toMatchObject({ total: 60, failed: 0 });
  }, 60_000);
});
