import { describe, expect, it } from 'vitest';
import { appendFile, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_DIR, JOURNAL_FILE, RunJournal, type JournalEntry } from '../../../electron/main/core/run/journal';
import { stampOf } from '../../../electron/main/core/run/file-check';
import { lockOutputFolder } from '../../../electron/main/core/run/folder-lock';
import { withTempFolder } from '../../support/temp-folder';

/** Writes `content` to `dir/file` and returns a journal entry stamped from it, as a run would. */
async function written(dir: string, file: string, key: string, content: Buffer): Promise<JournalEntry> {
  await writeFile(join(dir, file), content);
  const stamp = await stampOf(join(dir, file), content);
  return {
    key,
    phrase: file.split('_')[0]!,
    variant: 'target',
    file,
    durationMs: 1000,
    voice: 'es-ES-ElviraNeural',
    rate: 1,
    engine: 'offline',
    format: 'wav',
    ...stamp,
    at: new Date().toISOString(),
  };
}

const withDir = (fn: (dir: string) => Promise<void>): Promise<void> => withTempFolder('journal-', fn);

const journalPath = (dir: string): string => join(dir, JOURNAL_DIR, JOURNAL_FILE);

async function reopen(dir: string, options: Parameters<typeof RunJournal.open>[1] = {}): Promise<{ files: string[]; reports: string[] }> {
  const reports: string[] = [];
  const journal = await RunJournal.open(dir, { ...options, report: (line) => reports.push(line) });
  const files = journal.entries().map((e) => e.file);
  await journal.close();
  return { files, reports };
}

describe('RunJournal', () => {
  it('remembers finished renders across reopen, by key and file', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record(await written(dir, 'p1_target.wav', 'k1', Buffer.alloc(10, 1)));
      await journal.close();
      const reopened = await RunJournal.open(dir);
      expect(reopened.lookup('k1', 'p1_target.wav')?.bytes).toBe(10);
      expect(reopened.lookup('k2', 'p1_target.wav')).toBeUndefined(); // edited phrase: new key
      expect(reopened.findByKey('k1')?.file).toBe('p1_target.wav');
      await reopened.close();
    }));

  it('forgets entries whose file is gone or has another size, and compacts', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record(await written(dir, 'a.wav', 'ka', Buffer.alloc(10, 1)));
      await journal.record(await written(dir, 'b.wav', 'kb', Buffer.alloc(10, 2)));
      await journal.record({ ...(await written(dir, 'c.wav', 'kc', Buffer.alloc(10, 3))) });
      await journal.close();
      await writeFile(join(dir, 'b.wav'), Buffer.alloc(4));
      await rm(join(dir, 'c.wav'));
      expect((await reopen(dir)).files).toEqual(['a.wav']);
      expect((await readFile(journalPath(dir), 'utf8')).trim().split('\n')).toHaveLength(1);
    }));

  it('does not trust a file replaced by other bytes of the same size (hash checked when the mtime moved)', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record(await written(dir, 'a.wav', 'ka', Buffer.alloc(64, 7)));
      await journal.record(await written(dir, 'b.wav', 'kb', Buffer.alloc(64, 8)));
      await journal.close();
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(64, 0)); // zeros, same size
      const later = new Date(Date.now() + 5_000);
      await utimes(join(dir, 'b.wav'), later, later); // touched only: same content
      const { files, reports } = await reopen(dir);
      expect(files).toEqual(['b.wav']);
      expect(reports.join('\n')).toMatch(/a\.wav changed on disk \(content differs/);
    }));

  it('--verify hashes even when size and mtime still match', () =>
    withDir(async (dir) => {
      const when = new Date('2026-01-02T03:04:05Z');
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(32, 7));
      await utimes(join(dir, 'a.wav'), when, when);
      const journal = await RunJournal.open(dir);
      await journal.record({ ...(await written(dir, 'x.wav', 'kx', Buffer.alloc(32, 7))), file: 'a.wav', ...(await stampOf(join(dir, 'a.wav'), Buffer.alloc(32, 7))) });
      await journal.close();
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(32, 9));
      await utimes(join(dir, 'a.wav'), when, when); // a forger restores the mtime
      expect((await reopen(dir)).files).toEqual(['a.wav']); // the quick check is fooled, as rsync's would be
      expect((await reopen(dir, { verify: true })).files).toEqual([]);
    }));

  it('ignores and reports entries whose path is not a relative path inside the folder', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      const good = await written(dir, 'a.wav', 'ka', Buffer.alloc(8, 1));
      await journal.record(good);
      await journal.close();
      const outside = await written(join(dir, '..'), `${dir.split('/').pop()}-secret.txt`, 'kx', Buffer.alloc(8, 1));
      for (const file of [`../${outside.file}`, '/etc/hostname', 'sub/../../x.wav', '.course-audio-studio/journal.jsonl', 'a\\..\\b.wav']) {
        await appendFile(journalPath(dir), JSON.stringify({ ...outside, file }) + '\n');
      }
      const { files, reports } = await reopen(dir);
      await rm(join(dir, '..', outside.file));
      expect(files).toEqual(['a.wav']);
      expect(reports.filter((line) => /not a relative path inside/.test(line))).toHaveLength(5);
    }));

  it('cuts a torn tail off before appending, so the next entry is not glued onto the fragment', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record(await written(dir, 'a.wav', 'ka', Buffer.alloc(3, 1)));
      await journal.close();
      await appendFile(journalPath(dir), '{"key":"kb","phrase":"b","var');
      const reports: string[] = [];
      const reopened = await RunJournal.open(dir, { report: (line) => reports.push(line) });
      expect(reopened.entries().map((e) => e.key)).toEqual(['ka']);
      expect(reports.join('\n')).toMatch(/1 damaged line/);
      await reopened.record(await written(dir, 'c.wav', 'kc', Buffer.alloc(3, 2)));
      await reopened.close();
      const text = await readFile(journalPath(dir), 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      expect(
        text
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as JournalEntry).key),
      ).toEqual(['ka', 'kc']);
      expect((await reopen(dir)).files.sort()).toEqual(['a.wav', 'c.wav']);
    }));

  it('lets a newer render of the same file supersede the older one; forget() removes it for good', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record({ ...(await written(dir, 'a.wav', 'old', Buffer.alloc(5, 1))) });
      await journal.record(await written(dir, 'a.wav', 'new', Buffer.alloc(7, 2)));
      await journal.record(await written(dir, 'b.wav', 'kb', Buffer.alloc(7, 3)));
      await journal.close();
      const reopened = await RunJournal.open(dir);
      expect(reopened.lookup('new', 'a.wav')).toBeDefined();
      expect(reopened.lookup('old', 'a.wav')).toBeUndefined();
      await reopened.forget('b.wav');
      await reopened.close();
      expect((await reopen(dir)).files).toEqual(['a.wav']); // b.wav is still on disk, but no longer ours
    }));
});

describe('RunJournal opened while another process writes the folder', () => {
  it('reads without compacting or appending, so the writer never loses its appends', () =>
    withDir(async (dir) => {
      const journal = await RunJournal.open(dir);
      await journal.record(await written(dir, 'a.wav', 'ka', Buffer.alloc(8, 1)));
      await journal.close();
      await appendFile(journalPath(dir), '{"torn'); // would be compacted away by a writer
      const lock = await lockOutputFolder(dir);
      // Pretend the holder is another live process (our parent), as when the studio reads a CLI run's folder.
      await writeFile(join(dir, JOURNAL_DIR, 'write.lock.owner.json'), JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() }));
      try {
        const before = await readFile(journalPath(dir), 'utf8');
        const reader = await RunJournal.open(dir);
        expect(reader.entries().map((e) => e.file)).toEqual(['a.wav']);
        await expect(reader.record(await written(dir, 'b.wav', 'kb', Buffer.alloc(8, 2)))).rejects.toThrow(/being written by another run/);
        await reader.close();
        expect(await readFile(journalPath(dir), 'utf8')).toBe(before);
      } finally {
        await lock.release();
      }
    }));
});
