/**
 * One writer per folder (acceptance, issue 10): a second run on a folder being written exits 2 at once
 * naming the holder, and the first completes with a journal equal to its files. A holder killed with
 * SIGKILL does not block the next run. Real CLI processes, real eSpeak.
 */
import { readFile, stat } from 'node:fs/promises';
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
    // MP3 (~80 files a second here, where eSpeak alone renders ~450), so the first is surely still
    // writing while the second starts up.
    const first = spawnGenerate([course, '--out', out, '--json', '--engine', 'offline', '--max-connections', '1', '--format', 'mp3']);
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

  it("a folder holding another course's audio is refused, naming that course; nothing of it is replaced", async () => {
    const mine = await writeSmallCourse(temp.dir, 3, 'course-a');
    const other = await writeSmallCourse(temp.dir, 3, 'course-b'); // the same file names (p001_known.wav, ...)
    const out = join(temp.dir, 'shared-out');
    expect((await runGenerate([mine, '--out', out, '--json', '--engine', 'offline'])).code).toBe(0);
    const before = await Promise.all((await deliveredFiles(out)).map(async (file) => [file, (await stat(join(out, file))).mtimeMs] as const));

    const refused = await runGenerate([other, '--out', out, '--json', '--engine', 'offline']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: ${out} holds the audio of another course, "course-a" (its manifest.json); generating "course-b" there would replace it.`);
    expect(refused.summary).toMatchObject({ state: 'stopped', stopReason: 'output-folder', rendered: 0 });
    const after = await Promise.all((await deliveredFiles(out)).map(async (file) => [file, (await stat(join(out, file))).mtimeMs] as const));
    expect(after).toEqual(before);
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ course: 'course-a' });

    // The same course again is its own folder: nothing to do.
    expect((await runGenerate([mine, '--out', out, '--json', '--engine', 'offline'])).summary).toMatchObject({ rendered: 0, cached: 6 });
  }, 60_000);
});
