import { describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL_DIR, JOURNAL_FILE, RunJournal, type JournalEntry } from '../../../electron/main/core/run/journal';

function entry(file: string, key: string, bytes: number): JournalEntry {
  return { key, phrase: file.split('_')[0]!, variant: 'target', file, durationMs: 1000, voice: 'es-ES-ElviraNeural', rate: 1, engine: 'offline', format: 'wav', bytes, at: new Date().toISOString() };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'journal-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('RunJournal', () => {
  it('remembers finished renders across reopen, by key and file', () =>
    withDir(async (dir) => {
      await writeFile(join(dir, 'p1_target.wav'), Buffer.alloc(10));
      const journal = await RunJournal.open(dir);
      await journal.record(entry('p1_target.wav', 'k1', 10));
      await journal.close();
      const reopened = await RunJournal.open(dir);
      expect(reopened.lookup('k1', 'p1_target.wav')?.bytes).toBe(10);
      expect(reopened.lookup('k2', 'p1_target.wav')).toBeUndefined(); // edited phrase: new key
      expect(reopened.findByKey('k1')?.file).toBe('p1_target.wav');
      await reopened.close();
    }));

  it('forgets entries whose file is gone or has another size', () =>
    withDir(async (dir) => {
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(10));
      await writeFile(join(dir, 'b.wav'), Buffer.alloc(10));
      const journal = await RunJournal.open(dir);
      await journal.record(entry('a.wav', 'ka', 10));
      await journal.record(entry('b.wav', 'kb', 10));
      await journal.record(entry('c.wav', 'kc', 10));
      await journal.close();
      await writeFile(join(dir, 'b.wav'), Buffer.alloc(4));
      const reopened = await RunJournal.open(dir);
      expect(reopened.entries().map((e) => e.file)).toEqual(['a.wav']);
      await reopened.close();
      // and the journal was compacted to what is still true
      const lines = (await readFile(join(dir, JOURNAL_DIR, JOURNAL_FILE), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(1);
    }));

  it('skips a line torn by a kill mid-write and keeps the rest', () =>
    withDir(async (dir) => {
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(3));
      const journal = await RunJournal.open(dir);
      await journal.record(entry('a.wav', 'ka', 3));
      await journal.close();
      await appendFile(join(dir, JOURNAL_DIR, JOURNAL_FILE), '{"key":"kb","phrase":"b","var');
      const reopened = await RunJournal.open(dir);
      expect(reopened.entries().map((e) => e.key)).toEqual(['ka']);
      await reopened.close();
    }));

  it('lets a newer render of the same file supersede the older one', () =>
    withDir(async (dir) => {
      await writeFile(join(dir, 'a.wav'), Buffer.alloc(7));
      const journal = await RunJournal.open(dir);
      await journal.record(entry('a.wav', 'old', 5));
      await journal.record(entry('a.wav', 'new', 7));
      await journal.close();
      const reopened = await RunJournal.open(dir);
      expect(reopened.lookup('new', 'a.wav')).toBeDefined();
      expect(reopened.lookup('old', 'a.wav')).toBeUndefined();
      await reopened.close();
    }));
});
