/**
 * The studio side of the masters cache and the folder lock (issue 10), with the real offline engine:
 * a run says rendered / cached / written; the masters view counts what is on disk; after an edit,
 * "Clean unused masters" removes exactly the masters the course no longer needs (never a delivered
 * file); a sample-rate change re-derives without synthesis; the studio holds the CLI's write lock
 * while it writes, and a real CLI run holding the folder refuses Generate, cell renders and cleans
 * with "<folder> is being written by another run (pid N, started HH:MM)".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CourseSchema } from '../../../shared/model/course';
import { planRenders, synthesisKey } from '../../../electron/main/core/course/render-plan';
import { folderLockHolder } from '../../../electron/main/core/run/folder-lock';
import { masterPath } from '../../../electron/main/core/run/master-store';
import { mastersInUse } from '../../../electron/main/core/studio/masters-room';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { holdFolderWithCli } from '../../support/cli-folder-holder';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';
import { probe } from '../storage/storage-harness';

const course = (id: string, firstTarget = 'Hola.', extraPhrases = 0) => ({
  schema: 'course/1',
  id,
  title: `Course ${id}`,
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
  variants: [
    { id: 'target', text: 'target', voice: 'target', rate: 1 },
    { id: 'slow', text: 'target', voice: 'target', rate: 0.7 },
  ],
  phrases: [
    { id: 's001', known: 'Hello.', target: firstTarget },
    { id: 's002', known: 'Thanks.', target: 'Gracias.' },
    { id: 's003', known: 'Good night.', target: 'Buenas noches.' },
    ...Array.from({ length: extraPhrases }, (_, i) => ({ id: `x${String(i + 1).padStart(3, '0')}`, known: `Phrase ${i + 1}.`, target: `Frase ${i + 1}.` })),
  ],
});

/** Every file of a folder (recursive, relative, sorted) with its size: the output outside our state folder. */
async function outputListing(out: string): Promise<string[]> {
  const names = (await readdir(out, { recursive: true })).filter((name) => !name.startsWith('.course-audio-studio') && /\.(wav|mp3)$/.test(name)).sort();
  return Promise.all(names.map(async (name) => `${name}:${(await stat(join(out, name))).size}`));
}

async function journalMasters(out: string): Promise<Map<string, string>> {
  const lines = (await readFile(join(out, '.course-audio-studio', 'journal.jsonl'), 'utf8')).trim().split('\n');
  return new Map(lines.map((line) => JSON.parse(line) as { file: string; master: string }).map((entry) => [entry.file, entry.master]));
}

describe('the studio and the masters cache', () => {
  let dir: string;
  let studio: TestStudio;
  let service: StudioService;
  const mastersDir = (id: string): string => join(dir, 'out', id, '.course-audio-studio', 'masters');

  const runToEnd = async (): Promise<void> => {
    await service.startRun();
    await until(() => service.runView().state === 'finished', { what: 'the run to finish' });
    await until(() => service.liveSynthesizers() === 0 && service.runs.activeRun() === undefined, { what: 'the run’s pool to close' });
    await until(async () => (await folderLockHolder(join(dir, 'out', service.course.current!.course.id))) === undefined, { what: 'the folder to be released' });
  };

  beforeAll(async () => {
    studio = await startTestStudio({ transport: 'electron' });
    ({ service, dir } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('a run says rendered / cached / written and holds the folder’s lock while it writes', async () => {
    await service.importText('counts.json', JSON.stringify(course('counts', 'Hola.', 27)));
    const out = join(dir, 'out', 'counts');
    await service.startRun();
    // Held by this process from the start of the run (60 renders: far from over after two file reads).
    expect(await folderLockHolder(out)).toMatchObject({ pid: process.pid });
    await until(() => service.runView().state === 'finished', { what: 'the run to finish' });
    expect(service.runView().counts).toEqual({ rendered: 60, cached: 0, written: 60 });
    await until(async () => (await folderLockHolder(out)) === undefined, { what: 'the lock to be released after the run' });

    // The masters view counts what is on disk.
    const view = await service.masters.view();
    const files = (await readdir(mastersDir('counts'), { recursive: true })).filter((name) => name.endsWith('.wav'));
    const onDisk = (await Promise.all(files.map(async (name) => (await stat(join(mastersDir('counts'), name))).size))).reduce((a, b) => a + b, 0);
    expect(view).toEqual({ outputDir: out, count: 60, bytes: onDisk, unusedCount: 0, unusedBytes: 0, busy: null });
  }, 60_000);

  it('after an edit, Clean unused masters frees exactly the edited phrase’s masters and no delivered file', async () => {
    await service.importText('edit.json', JSON.stringify(course('edit')));
    const out = join(dir, 'out', 'edit');
    await runToEnd();
    const masters = await journalMasters(out);
    const oldKeys = ['s001_target.wav', 's001_slow.wav'].map((file) => masters.get(file)!);
    const oldBytes = (await Promise.all(oldKeys.map(async (key) => (await stat(masterPath(mastersDir('edit'), key))).size))).reduce((a, b) => a + b, 0);
    const delivered = await outputListing(out);

    await service.importText('edit.json', JSON.stringify(course('edit', 'Hola, buenos días.'))); // the edit
    const before = await service.masters.view();
    expect(before).toMatchObject({ count: 6, unusedCount: 2, unusedBytes: oldBytes });

    const cleaned = await service.cleanUnusedMasters();
    expect(cleaned).toMatchObject({ removed: 2, freedBytes: oldBytes, masters: { count: 4, bytes: before.bytes - oldBytes, unusedCount: 0, unusedBytes: 0 } });
    for (const key of oldKeys) await expect(stat(masterPath(mastersDir('edit'), key))).rejects.toThrow(/ENOENT/);
    expect(await outputListing(out)).toEqual(delivered); // never touches output
    const index = await readFile(join(mastersDir('edit'), 'index.jsonl'), 'utf8');
    for (const key of oldKeys) expect(index).not.toContain(key);

    // The unchanged renders are still served from their masters: only the edited phrase is synthesized.
    await runToEnd();
    expect(service.runView().counts).toMatchObject({ rendered: 2 });
  }, 60_000);

  it('counts the masters of the course under the other engine as in use (switching back never bills again)', () => {
    const both = CourseSchema.parse(course('both'));
    const inUse = mastersInUse(both);
    for (const engine of ['offline', 'azure'] as const) {
      for (const job of planRenders(both, { engine, format: 'mp3', sampleRate: 16_000 })) expect(inUse.has(synthesisKey({ engine, ssml: job.ssml }))).toBe(true);
    }
    expect(inUse.size).toBe(12);
    expect(mastersInUse(CourseSchema.parse(course('both', 'Otra cosa.')))).not.toEqual(inUse);
  });

  it('a sample-rate setting re-derives every file from the masters: nothing synthesized, files at 48 kHz', async () => {
    await service.importText('rate.json', JSON.stringify(course('rate')));
    await runToEnd();
    await service.updateSettings({ sampleRate: 48_000 });
    await runToEnd();
    expect(service.runView().counts).toEqual({ rendered: 0, cached: 6, written: 6 });
    expect((await probe(join(dir, 'out', 'rate', 's002_slow.wav'))).sampleRate).toBe(48_000);
    await service.updateSettings({ sampleRate: null });
  }, 60_000);

  it('a CLI run writing the folder: Generate, a cell render and a clean are refused naming it; afterwards all work', async () => {
    const json = course('shared');
    await service.importText('shared.json', JSON.stringify(json));
    const out = join(dir, 'out', 'shared');
    const cli = await holdFolderWithCli(json, out);
    try {
      const busy = new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another run \\(pid ${cli.pid}, started \\d\\d:\\d\\d\\)`);
      await expect(service.startRun()).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
      await expect(service.renderCell('s001', 'target')).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
      await expect(service.cleanUnusedMasters()).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
      expect((await service.masters.view()).busy).toMatch(busy);
      expect(service.runView().state).toBe('idle');
    } finally {
      await cli.stop();
    }
    expect((await service.masters.view()).busy).toBeNull(); // a dead holder is nobody
    await runToEnd();
    expect(service.runView().counts).toMatchObject({ written: 6 });
  }, 90_000);
});
