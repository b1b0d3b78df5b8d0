import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderLockHolder } from '../../../electron/main/core/run/folder-lock';
import { FolderLocks } from '../../../electron/main/core/studio/folder-locks';
import { useTempFolderPerTest } from '../../support/temp-folder';

const temp = useTempFolderPerTest('folder-locks-');

describe('FolderLocks', () => {
  it('shares one inter-process lock among the writers of this process; the last one out releases it', async () => {
    const locks = new FolderLocks();
    const run = await locks.hold(temp.dir);
    const cell = await locks.hold(temp.dir);
    expect(await folderLockHolder(temp.dir)).toMatchObject({ pid: process.pid });
    await run();
    await run(); // once only
    expect(await folderLockHolder(temp.dir)).toMatchObject({ pid: process.pid });
    expect(locks.holds(temp.dir)).toBe(true);
    await cell();
    expect(await folderLockHolder(temp.dir)).toBeUndefined();
    expect(locks.holds(temp.dir)).toBe(false);
  });

  it('a writer arriving while the last one is still releasing waits for it instead of finding its own lock', async () => {
    const locks = new FolderLocks();
    for (let i = 0; i < 5; i++) {
      const release = await locks.hold(temp.dir);
      const releasing = release(); // not awaited: Generate right after a cell render
      const next = await locks.hold(temp.dir);
      await releasing;
      expect(await folderLockHolder(temp.dir)).toMatchObject({ pid: process.pid });
      await next();
    }
    expect(await folderLockHolder(temp.dir)).toBeUndefined();
  });

  it('another live process holding the folder is refused at once with who and since when', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await mkdir(join(temp.dir, '.course-audio-studio', 'write.lock'), { recursive: true });
      await writeFile(join(temp.dir, '.course-audio-studio', 'write.lock.owner.json'), JSON.stringify({ pid: other.pid, startedAt: new Date(2026, 0, 1, 9, 5).toISOString() }));
      const locks = new FolderLocks();
      await expect(locks.hold(temp.dir)).rejects.toMatchObject({
        code: 'busy',
        message: `${temp.dir} is being written by another run (pid ${other.pid}, started 09:05). Wait for it to finish, or choose another output folder.`,
      });
      expect(locks.holds(temp.dir)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
