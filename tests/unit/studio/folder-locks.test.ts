import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderLockHolder } from '../../../electron/main/core/run/folder-lock';
import { FolderLocks } from '../../../electron/main/core/studio/folder-locks';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'folder-locks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FolderLocks', () => {
  it('shares one inter-process lock among the writers of this process; the last one out releases it', async () => {
    const locks = new FolderLocks();
    const run = await locks.hold(dir);
    const cell = await locks.hold(dir);
    expect(await folderLockHolder(dir)).toMatchObject({ pid: process.pid });
    await run();
    await run(); // once only
    expect(await folderLockHolder(dir)).toMatchObject({ pid: process.pid });
    expect(locks.holds(dir)).toBe(true);
    await cell();
    expect(await folderLockHolder(dir)).toBeUndefined();
    expect(locks.holds(dir)).toBe(false);
  });

  it('a writer arriving while the last one is still releasing waits for it instead of finding its own lock', async () => {
    const locks = new FolderLocks();
    for (let i = 0; i < 5; i++) {
      const release = await locks.hold(dir);
      const releasing = release(); // not awaited: Generate right after a cell render
      const next = await locks.hold(dir);
      await releasing;
      expect(await folderLockHolder(dir)).toMatchObject({ pid: process.pid });
      await next();
    }
    expect(await folderLockHolder(dir)).toBeUndefined();
  });

  it('another live process holding the folder is refused at once with who and since when', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await mkdir(join(dir, '.course-audio-studio', 'write.lock'), { recursive: true });
      await writeFile(join(dir, '.course-audio-studio', 'write.lock.owner.json'), JSON.stringify({ pid: other.pid, startedAt: new Date(2026, 0, 1, 9, 5).toISOString() }));
      const locks = new FolderLocks();
      await expect(locks.hold(dir)).rejects.toMatchObject({
        code: 'busy',
        message: `${dir} is being written by another run (pid ${other.pid}, started 09:05). Wait for it to finish, or choose another output folder.`,
      });
      expect(locks.holds(dir)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
