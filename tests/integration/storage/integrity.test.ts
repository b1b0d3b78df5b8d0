/**
 * Never trust a bad file (acceptance, issue 10): a same-size corrupted file is re-derived and decodes,
 * a journal path pointing outside is ignored and nothing is copied from it, a torn tail is repaired
 * (the next run writes 1, the one after 0), a bad master is synthesized again. Real CLI, real eSpeak.
 */
import { appendFile, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { loadCourseFile } from '../../../electron/main/core/course/load-course';
import { legacyRenderKey, planRenders } from '../../../electron/main/core/course/render-plan';
import { deliveredFiles, expectAllDecode, masterFiles, probe, readJournal, writeSmallCourse } from './storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-integrity-');

async function freshOutput(name: string, phrases = 3): Promise<{ course: string; out: string; run: (...extra: string[]) => ReturnType<typeof runGenerate> }> {
  const course = await writeSmallCourse(temp.dir, phrases, `integrity-${name}`);
  const out = join(temp.dir, name);
  const run = (...extra: string[]): ReturnType<typeof runGenerate> => runGenerate([course, '--out', out, '--json', '--engine', 'offline', ...extra]);
  const first = await run();
  if (first.code !== 0) throw new Error(first.stderr);
  return { course, out, run };
}

describe('integrity of the output folder', () => {
  it('a file replaced by zeros of the same size is re-derived from its master (no synthesis) and decodes', async () => {
    const { out, run } = await freshOutput('zeros');
    const victim = join(out, 'p002_target.wav');
    const size = (await stat(victim)).size;
    await writeFile(victim, Buffer.alloc(size));
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ rendered: 0, cached: 6, written: 1 });
    expect(second.stderr).toMatch(/p002_target\.wav changed on disk/);
    expect((await probe(victim)).seconds).toBeGreaterThan(0.3);
    expect(await readFile(victim)).not.toEqual(Buffer.alloc(size));
  }, 60_000);

  it('--verify catches a change the quick check cannot see (same size, same mtime)', async () => {
    const { out, run } = await freshOutput('verify');
    const victim = join(out, 'p001_target.wav');
    const { utimes } = await import('node:fs/promises');
    const when = new Date('2026-01-02T03:04:05Z'); // a whole second: restorable exactly
    await utimes(victim, when, when);
    expect((await run()).summary).toMatchObject({ written: 0 }); // touched only: hashed, same content, kept
    const bytes = await readFile(victim);
    // Zero 2000 bytes of speech: past the 100 ms of silence every delivered file now starts with.
    const speech = 44 + Math.floor(bytes.length / 4) * 2;
    bytes.fill(0, speech, speech + 2000);
    await writeFile(victim, bytes);
    await utimes(victim, when, when); // a forger restores size and mtime
    expect((await run()).summary).toMatchObject({ written: 0 }); // the quick check is fooled, as rsync's would be
    const verified = await run('--verify');
    expect(verified.summary).toMatchObject({ rendered: 0, written: 1 });
    expect((await readFile(victim)).subarray(speech, speech + 2000).some((b) => b !== 0)).toBe(true);
  }, 60_000);

  it('a journal entry pointing outside the folder is ignored and reported; nothing is copied from it', async () => {
    const { out, run } = await freshOutput('outside');
    const secret = join(temp.dir, 'secret-outside.txt');
    await writeFile(secret, 'top secret\n');
    const entries = await readJournal(out);
    const forged = { ...entries[0]!, file: '../secret-outside.txt', bytes: (await stat(secret)).size };
    await appendFile(join(out, '.course-audio-studio/journal.jsonl'), JSON.stringify(forged) + '\n');
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/ignored an entry for "\.\.\/secret-outside\.txt", which is not a relative path inside/);
    expect(await readFile(secret, 'utf8')).toBe('top secret\n'); // neither deleted nor touched
    for (const file of await deliveredFiles(out)) expect((await readFile(join(out, file))).includes('top secret')).toBe(false);
    expect((await readJournal(out)).some((entry) => entry.file.includes('..'))).toBe(false);
  }, 60_000);

  it('a torn journal tail is cut off: the next run writes 1, the one after 0; a lost master is synthesized 1 then 0', async () => {
    const { out, run } = await freshOutput('torn');
    const journal = join(out, '.course-audio-studio/journal.jsonl');
    const text = await readFile(journal, 'utf8');
    await truncate(journal, Buffer.byteLength(text) - 40); // the last line loses its end
    const second = await run();
    expect(second.summary).toMatchObject({ rendered: 0, written: 1 });
    expect((await run()).summary).toMatchObject({ rendered: 0, written: 0 });
    expect((await readFile(journal, 'utf8')).endsWith('\n')).toBe(true);

    // The same with the masters index torn and its master file gone: synthesized once, then never.
    const index = join(out, '.course-audio-studio/masters/index.jsonl');
    const indexText = await readFile(index, 'utf8');
    const lastKey = (JSON.parse(indexText.trim().split('\n').pop()!) as { key: string }).key;
    await truncate(index, Buffer.byteLength(indexText) - 30);
    await rm(join(out, '.course-audio-studio/masters', lastKey.slice(0, 2), `${lastKey}.wav`));
    const lostJournalLine = (await readJournal(out)).find((entry) => entry.master === lastKey)!;
    await rm(join(out, lostJournalLine.file)); // the delivered file too, so the master is needed
    expect((await run()).summary).toMatchObject({ rendered: 1, written: 1 });
    expect((await run()).summary).toMatchObject({ rendered: 0, written: 0 });
    await expectAllDecode(out, await deliveredFiles(out), 'pcm_s16le');
  }, 90_000);

  it('a master corrupted on disk is dropped under --verify and synthesized again when it is next needed', async () => {
    const { out, run } = await freshOutput('bad-master');
    const [master] = await masterFiles(out);
    const path = join(out, '.course-audio-studio/masters', master!);
    const bytes = await readFile(path);
    bytes.fill(0x55, 100, 600);
    await writeFile(path, bytes);
    const verified = await run('--verify');
    expect(verified.stderr).toMatch(/master [0-9a-f]+ changed on disk/);
    expect(verified.summary).toMatchObject({ rendered: 0, written: 0 }); // its delivered WAV is still intact
    const mp3 = await run('--format', 'mp3');
    expect(mp3.summary).toMatchObject({ rendered: 1, cached: 5, written: 6, failed: 0 });
    await expectAllDecode(out, await deliveredFiles(out), 'mp3');
    expect(await readFile(path)).not.toEqual(bytes);
  }, 60_000);

  it('an output folder from before the masters cache is adopted, not synthesized (billed) again', async () => {
    const { course, out, run } = await freshOutput('legacy');
    // Rewrite the journal as the old code wrote it: old keys, no hashes, no masters.
    const { course: loaded } = await loadCourseFile(course);
    const legacyKeys = new Map(planRenders(loaded, { engine: 'offline', format: 'wav' }).map((job) => [job.file, legacyRenderKey(job)]));
    const old = (await readJournal(out)).map(({ sha256: _s, mtimeMs: _m, master: _k, ...entry }) => ({ ...entry, key: legacyKeys.get(entry.file)! }));
    await writeFile(join(out, '.course-audio-studio/journal.jsonl'), old.map((entry) => JSON.stringify(entry) + '\n').join(''));
    await rm(join(out, '.course-audio-studio/masters'), { recursive: true });
    const adopted = await run();
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.summary).toMatchObject({ rendered: 0, cached: 6, written: 0 });
    expect(await masterFiles(out)).toHaveLength(6); // the WAVs became masters
    const mp3 = await run('--format', 'mp3');
    expect(mp3.summary).toMatchObject({ rendered: 0, written: 6 });
    await expectAllDecode(out, await deliveredFiles(out), 'mp3');
  }, 60_000);
});
