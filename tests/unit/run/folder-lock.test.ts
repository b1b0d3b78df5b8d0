import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeBusy, FolderBusyError, folderLockHolder, lockOutputFolder } from '../../../electron/main/core/run/folder-lock';
import { withTempFolder } from '../../support/temp-folder';

const withDir = (fn: (dir: string) => Promise<void>): Promise<void> => withTempFolder('lock-', fn);

describe('folder lock', () => {
  it('one holder at a time; the second is told who holds it; released, it is free again', () =>
    withDir(async (dir) => {
      const out = join(dir, 'out');
      const lock = await lockOutputFolder(out);
      expect(await folderLockHolder(out)).toMatchObject({ pid: process.pid });
      const refused = await lockOutputFolder(out).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(FolderBusyError);
      expect((refused as Error).message).toMatch(
        new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another run \\(pid ${process.pid}, started \\d\\d:\\d\\d\\)$`),
      );
      await lock.release();
      expect(await folderLockHolder(out)).toBeUndefined();
      await (await lockOutputFolder(out)).release();
    }));

  it('a lock left by a dead process is taken over at once', () =>
    withDir(async (dir) => {
      const out = join(dir, 'out');
      // A real process that dies: its pid is then free (or reused by nobody we can signal).
      const child = spawn(process.execPath, ['-e', '0']);
      const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
      const lock = await lockOutputFolder(out);
      await writeFile(join(out, '.course-audio-studio', 'write.lock.owner.json'), JSON.stringify({ pid: deadPid, startedAt: new Date().toISOString() }));
      // Drop our in-process record without removing the lock dir, as a SIGKILL would.
      expect(await folderLockHolder(out)).toBeUndefined(); // the owner is gone
      const next = await lockOutputFolder(out, { onCompromised: () => undefined });
      expect(await folderLockHolder(out)).toMatchObject({ pid: process.pid });
      await next.release();
      await lock.release();
    }));

  it('a lock whose holder was killed before naming itself is taken over after two seconds, not the 15 s stale time', () =>
    withDir(async (dir) => {
      const out = join(dir, 'out');
      // What a SIGKILL between proper-lockfile's mkdir and the owner file leaves: the lock, no owner.
      await mkdir(join(out, '.course-audio-studio', 'write.lock'), { recursive: true });
      const started = performance.now();
      const lock = await lockOutputFolder(out, { onCompromised: () => undefined });
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(1_900);
      expect(waited).toBeLessThan(6_000);
      expect(await folderLockHolder(out)).toMatchObject({ pid: process.pid });
      await lock.release();
    }));

  it('describes a holder without an owner file plainly', () => {
    expect(describeBusy('/x', undefined)).toBe('/x is being written by another run');
  });
});
