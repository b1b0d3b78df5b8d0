import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchJobStore, type StoredJob } from '../../../../electron/main/core/engines/azure-batch';
import { useTempFolderPerTest } from '../../../support/temp-folder';

const temp = useTempFolderPerTest('cas-batch-store-');

const job = (id: string): StoredJob => ({
  id,
  attempt: 1,
  state: 'submitting',
  outputFormat: 'riff-24khz-16bit-mono-pcm',
  createdAt: '2026-12-03T10:00:00.000Z',
  inputs: [{ key: 'k1', content: '<speak/>' }],
});

describe('BatchJobStore', () => {
  it('keeps jobs across opens; a replacement drops the job it replaces in the same write', async () => {
    const store = await BatchJobStore.open(temp.dir);
    await store.put(job('a'));
    await store.put(job('b'));
    await store.put({ ...job('c'), attempt: 2, previousId: 'a' }, 'a');
    await store.remove('b');
    const again = await BatchJobStore.open(temp.dir);
    expect(again.list().map((stored) => [stored.id, stored.attempt, stored.previousId])).toEqual([['c', 2, 'a']]);
    // Written atomically: no temp file left beside it.
    expect(await readdir(join(temp.dir, '.course-audio-studio'))).toEqual(['batch-jobs.json']);
  });

  it('sets an unreadable file aside and says so, instead of failing or losing it', async () => {
    await mkdir(join(temp.dir, '.course-audio-studio'), { recursive: true });
    await writeFile(join(temp.dir, '.course-audio-studio', 'batch-jobs.json'), '{"version":1,"jobs":[{"id":');
    const lines: string[] = [];
    const store = await BatchJobStore.open(temp.dir, (line) => lines.push(line));
    expect(store.list()).toEqual([]);
    expect(lines[0]).toMatch(/batch-jobs\.json could not be read; kept as .*batch-jobs\.json\.unreadable-\d+/);
    const aside = (await readdir(join(temp.dir, '.course-audio-studio'))).find((name) => name.includes('unreadable'))!;
    expect(await readFile(join(temp.dir, '.course-audio-studio', aside), 'utf8')).toBe('{"version":1,"jobs":[{"id":');
  });
});
