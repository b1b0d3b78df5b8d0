import { describe, expect, it } from 'vitest';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MasterStore, masterPath, readMasterIndex } from '../../../electron/main/core/run/master-store';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { withTempFolder } from '../../support/temp-folder';

const KEY_A = 'a1'.repeat(16);
const KEY_B = 'b2'.repeat(16);
const wav = (fill: number): Uint8Array => encodeWav(new Int16Array(2205).fill(fill), 22_050);

const withDir = (fn: (dir: string) => Promise<void>): Promise<void> => withTempFolder('masters-', fn);

describe('MasterStore', () => {
  it('removes masters (index first, then files): gone after reopen, the rest kept, the bytes reported', () =>
    withDir(async (dir) => {
      const store = await MasterStore.open(dir);
      await store.store(KEY_A, wav(100));
      await store.store(KEY_B, encodeWav(new Int16Array(4410).fill(7), 22_050));
      expect((await readMasterIndex(dir)).map((entry) => entry.key).sort()).toEqual([KEY_A, KEY_B]);
      expect(await store.remove([KEY_B, 'c3'.repeat(16)])).toEqual({ count: 1, bytes: 44 + 4410 * 2 });
      await expect(readFile(masterPath(store.dir, KEY_B))).rejects.toThrow(/ENOENT/);
      expect(store.keys()).toEqual([KEY_A]);
      await store.store(KEY_B.replace('b2', 'd4'), wav(3)); // the rewritten index takes appends
      await store.close();
      expect((await readMasterIndex(dir)).map((entry) => entry.key).sort()).toEqual([KEY_A, KEY_B.replace('b2', 'd4')]);
      const reopened = await MasterStore.open(dir);
      expect(reopened.get(KEY_B)).toBeUndefined();
      expect(await reopened.read(KEY_A)).toEqual(Buffer.from(wav(100)));
      await reopened.close();
    }));

  it('keeps what it stored in memory for the next steps (copies), forgets removed masters, and starts empty when reopened', () =>
    withDir(async (dir) => {
      const store = await MasterStore.open(dir);
      await store.store(KEY_A, wav(100));
      await store.store(KEY_B, wav(200));
      const copy = store.recentCopy(KEY_A)!;
      expect(copy).toEqual(wav(100));
      copy.fill(0); // a copy: the store's bytes stay as stored
      expect(store.recentCopy(KEY_A)).toEqual(wav(100));
      await store.remove([KEY_B]);
      expect(store.recentCopy(KEY_B)).toBeUndefined();
      await store.close();
      const reopened = await MasterStore.open(dir);
      expect(reopened.recentCopy(KEY_A)).toBeUndefined(); // read from disk (and checked) instead
      expect(await reopened.read(KEY_A)).toEqual(Buffer.from(wav(100)));
      await reopened.close();
    }));

  it('reads an absent index as no masters', () => withDir(async (dir) => expect(await readMasterIndex(dir)).toEqual([])));

  it('stores a master once under its key and reads it back across reopen', () =>
    withDir(async (dir) => {
      const store = await MasterStore.open(dir);
      const entry = await store.store(KEY_A, wav(100));
      expect(entry).toMatchObject({ key: KEY_A, sampleRate: 22_050, durationMs: 100 });
      await store.close();
      const reopened = await MasterStore.open(dir);
      expect(reopened.get(KEY_A)?.bytes).toBe(wav(100).byteLength);
      expect(await reopened.read(KEY_A)).toEqual(Buffer.from(wav(100)));
      expect(reopened.get(KEY_B)).toBeUndefined();
      await reopened.close();
    }));

  it('drops a master whose content changed (same size) and reports it', () =>
    withDir(async (dir) => {
      const store = await MasterStore.open(dir);
      await store.store(KEY_A, wav(100));
      await store.close();
      await writeFile(masterPath(store.dir, KEY_A), wav(-5)); // same size, other samples
      const reports: string[] = [];
      const reopened = await MasterStore.open(dir, { report: (line) => reports.push(line) });
      expect(reopened.get(KEY_A)).toBeUndefined();
      expect(reports.join('\n')).toMatch(new RegExp(`master ${KEY_A} changed on disk`));
      await reopened.close();
    }));

  it('adopts a complete master whose index line was lost (kill after the rename), ignores junk', () =>
    withDir(async (dir) => {
      const store = await MasterStore.open(dir);
      await store.store(KEY_A, wav(100));
      await store.close();
      const index = join(store.dir, 'index.jsonl');
      await writeFile(index, ''); // the index line never made it
      await appendFile(index, '{"key":"torn'); // and a torn tail
      await writeFile(join(store.dir, 'a1', 'notes.txt'), 'not a master');
      const garbage = masterPath(store.dir, `a1${'f'.repeat(30)}`);
      await writeFile(garbage, 'RIFF but not really a wav file');
      const reopened = await MasterStore.open(dir);
      expect(reopened.get(KEY_A)?.sampleRate).toBe(22_050);
      expect(reopened.size).toBe(1);
      await expect(readFile(garbage)).rejects.toThrow(/ENOENT/); // an unreadable orphan is removed
      await reopened.close();
      const lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
      expect(lines.map((line) => (JSON.parse(line) as { key: string }).key)).toEqual([KEY_A]);
    }));
});
