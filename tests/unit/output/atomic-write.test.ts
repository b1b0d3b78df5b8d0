import { spawn } from 'node:child_process';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, tempPathFor, writeFileAtomic } from '../../../electron/main/core/output/atomic-write';
import { useTempFolderPerTest } from '../../support/temp-folder';

const ATOMIC_WRITE_MODULE = fileURLToPath(new URL('../../../electron/main/core/output/atomic-write.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const work = useTempFolderPerTest('cas-atomic-');

/** A pid that cannot belong to a running process (above Linux's pid_max limit of 2^22). */
const DEAD_PID = 999_999_999;

describe('writeFileAtomic', () => {
  it('writes the complete content under the final name and leaves no temp file', async () => {
    const target = path.join(work.dir, 'phrase 001.mp3');
    const data = new Uint8Array(300_000).map((_, i) => i % 251);
    await writeFileAtomic(target, data);
    expect(new Uint8Array(await readFile(target))).toEqual(data);
    expect(await readdir(work.dir)).toEqual(['phrase 001.mp3']);
  });

  it('returns the size and mtime a later stat of the file reads (what a journal records)', async () => {
    const target = path.join(work.dir, 'nested', 'p001_known.wav');
    const written = await writeFileAtomic(target, new Uint8Array(12_345).fill(3));
    const info = await stat(target);
    expect(written).toEqual({ size: 12_345, mtimeMs: info.mtimeMs });
    // The same for a string, counted in bytes (UTF-8), not characters.
    const text = await writeFileAtomic(path.join(work.dir, 'notes.txt'), 'señal');
    expect(text.size).toBe(6);
    expect(text.mtimeMs).toBe((await stat(path.join(work.dir, 'notes.txt'))).mtimeMs);
  });

  it('replaces an existing file, and accepts strings', async () => {
    const target = path.join(work.dir, 'manifest.json');
    await writeFile(target, 'old content that is longer than the new one');
    await writeFileAtomic(target, '{"v":2}');
    expect(await readFile(target, 'utf8')).toBe('{"v":2}');
    expect(await readdir(work.dir)).toEqual(['manifest.json']);
  });

  it('writes the data to a complete, hidden temp file in the same directory before renaming', async () => {
    const target = path.join(work.dir, 'a.wav');
    const data = new Uint8Array(50_000).fill(7);
    let seen: { temp: string; size: number; targetExists: boolean } | undefined;
    await writeFileAtomic(target, data, {
      beforeRename: async (temp) => {
        seen = {
          temp,
          size: (await stat(temp)).size,
          targetExists: await stat(target).then(
            () => true,
            () => false,
          ),
        };
      },
    });
    expect(seen).toBeDefined();
    expect(path.dirname(seen?.temp ?? '')).toBe(work.dir);
    expect(path.basename(seen?.temp ?? '')).toMatch(new RegExp(`^\\.a\\.wav\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
    expect(seen?.size).toBe(data.length);
    expect(seen?.targetExists).toBe(false);
  });

  it('a failure before the rename leaves no final file and no temp file', async () => {
    const target = path.join(work.dir, 'new.mp3');
    await expect(
      writeFileAtomic(target, new Uint8Array(1000), {
        beforeRename: () => {
          throw new Error('disk yanked');
        },
      }),
    ).rejects.toThrow('disk yanked');
    expect(await readdir(work.dir)).toEqual([]);
  });

  it('a failure before the rename leaves an existing file untouched', async () => {
    const target = path.join(work.dir, 'kept.mp3');
    await writeFile(target, 'previous good render');
    await expect(writeFileAtomic(target, 'half-baked', { beforeRename: () => Promise.reject(new Error('boom')) })).rejects.toThrow('boom');
    expect(await readFile(target, 'utf8')).toBe('previous good render');
    expect(await readdir(work.dir)).toEqual(['kept.mp3']);
  });

  it('creates missing parent folders, unless told not to', async () => {
    await writeFileAtomic(path.join(work.dir, 'lesson 1', 'deep', 'x.wav'), 'x');
    expect(await readFile(path.join(work.dir, 'lesson 1', 'deep', 'x.wav'), 'utf8')).toBe('x');
    await expect(writeFileAtomic(path.join(work.dir, 'missing', 'x.wav'), 'x', { mkdirs: false })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps temp names short for very long target names', () => {
    const temp = tempPathFor(path.join(work.dir, `${'x'.repeat(250)}.mp3`));
    expect(path.basename(temp).length).toBeLessThan(255);
    expect(tempPathFor('/a/b.mp3')).not.toBe(tempPathFor('/a/b.mp3'));
  });

  it('a process SIGKILLed in the middle of rewrites never leaves a partial file under the final name', async () => {
    const size = 4 * 1024 * 1024;
    const target = path.join(work.dir, 'big.bin');
    const script = path.join(work.dir, 'writer.mts');
    await writeFile(
      script,
      `import { writeFileAtomic } from ${JSON.stringify(ATOMIC_WRITE_MODULE)};
       const target = process.argv[2];
       for (let i = 0; ; i++) {
         await writeFileAtomic(target, new Uint8Array(${size}).fill(i % 251));
         process.stdout.write(i + '\\n');
       }`,
    );
    for (const killAfterMs of [2, 5, 11, 17]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, target], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
        child.stdout.once('data', () => resolve()); // at least one complete write happened
      });
      child.removeAllListeners('exit');
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const bytes = new Uint8Array(await readFile(target));
      expect(bytes.length).toBe(size);
      const first = bytes[0];
      expect(bytes.every((b) => b === first)).toBe(true);

      // Whatever temp file the kill left behind belongs to a dead pid: cleanup removes it.
      await removeStaleTempFiles(work.dir);
      expect((await readdir(work.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  }, 30_000);
});

describe('removeStaleTempFiles', () => {
  it("removes temp files of dead writers, keeps live writers' and unrelated files", async () => {
    const stale = path.join(work.dir, `.001.mp3.${DEAD_PID}.0123456789ab.tmp`);
    const live = path.join(work.dir, `.002.mp3.${process.pid}.0123456789ab.tmp`);
    const unrelated = [path.join(work.dir, 'notes.tmp'), path.join(work.dir, '001.mp3')];
    for (const file of [stale, live, ...unrelated]) await writeFile(file, 'x');
    expect(await removeStaleTempFiles(work.dir)).toEqual([stale]);
    expect((await readdir(work.dir)).sort()).toEqual([path.basename(live), '001.mp3', 'notes.tmp'].sort());
  });

  it('removes old temp files even of a live pid when olderThanMs says so', async () => {
    const live = path.join(work.dir, `.003.mp3.${process.pid}.0123456789ab.tmp`);
    await writeFile(live, 'x');
    expect(await removeStaleTempFiles(work.dir, { olderThanMs: 60_000 })).toEqual([]);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(live, hourAgo, hourAgo);
    expect(await removeStaleTempFiles(work.dir, { olderThanMs: 60_000 })).toEqual([live]);
  });

  it('looks into subfolders unless recursive is false', async () => {
    const sub = path.join(work.dir, 'lesson-2');
    await writeFileAtomic(path.join(sub, 'keep.mp3'), 'ok');
    const stale = path.join(sub, `.004.mp3.${DEAD_PID}.0123456789ab.tmp`);
    await writeFile(stale, 'x');
    expect(await removeStaleTempFiles(work.dir, { recursive: false })).toEqual([]);
    expect(await removeStaleTempFiles(work.dir)).toEqual([stale]);
    expect(await readdir(sub)).toEqual(['keep.mp3']);
  });

  it('returns [] for a missing directory', async () => {
    expect(await removeStaleTempFiles(path.join(work.dir, 'nope'))).toEqual([]);
  });
});
