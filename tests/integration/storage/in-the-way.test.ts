/**
 * Something the producer left in the output folder where the course writes (a folder named like a
 * clip, a file named like a track folder) stops the run with one line naming that thing and what to
 * do, touches it not, keeps every finished render, and a rerun after moving it completes without
 * synthesizing anything again. Real CLI processes, real eSpeak.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCourse } from '../azure/azure-harness';
import { runGenerate } from '../../support/run-generate';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-in-the-way-');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tempFilesIn = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.tmp'));

async function writeCourse(id: string): Promise<string> {
  const course = { ...makeCourse(3, { id }), tracks: [{ id: 'drill', per: 'course', sequence: ['target', { pause: 0.5 }, 'target-slow'] }] };
  const file = join(temp.dir, `${id}.json`);
  await writeFile(file, JSON.stringify(course));
  return file;
}

const generate = (course: string, out: string) => runGenerate([course, '--out', out, '--json', '--engine', 'offline', '--max-connections', '1']);

describe('a file or folder in the way of what the course writes', () => {
  it('a folder where a clip goes: the run stops naming it, leaves it alone, and a rerun after moving it renders nothing again', async () => {
    const course = await writeCourse('folder-in-the-way');
    const out = join(temp.dir, 'folder');
    expect((await generate(course, out)).code).toBe(0);
    const clip = join(out, 'p002_target.wav');
    await rm(clip);
    await mkdir(clip);
    await writeFile(join(clip, 'notes.txt'), 'mine');

    const blocked = await generate(course, out);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(
      new RegExp(`${escape(clip)} is a folder, where the course writes a file: move or rename that folder, then run again; every finished render is kept`),
    );
    expect(blocked.stderr).not.toMatch(/EISDIR/);
    expect(await readFile(join(clip, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await tempFilesIn(out)).toEqual([]);

    await rm(clip, { recursive: true });
    const rerun = await generate(course, out);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary).toMatchObject({ rendered: 0, written: 1, failed: 0 });
  });

  it('a file where the track folder goes: the tracks stop naming it, the clips are all delivered, and a rerun builds the track', async () => {
    const course = await writeCourse('file-in-the-way');
    const out = join(temp.dir, 'file');
    await mkdir(join(out, 'tracks'), { recursive: true });
    await writeFile(join(out, 'tracks', 'drill'), 'not a folder');

    const blocked = await generate(course, out);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(new RegExp(`${escape(join(out, 'tracks', 'drill'))} is a file, where the course needs a folder: move or rename that file, then run again`));
    expect(blocked.stderr).not.toMatch(/ENOTDIR/);
    expect(blocked.summary).toMatchObject({ rendered: 6, failed: 0 });
    expect(await readFile(join(out, 'tracks', 'drill'), 'utf8')).toBe('not a folder');

    await rm(join(out, 'tracks', 'drill'));
    const rerun = await generate(course, out);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary).toMatchObject({ rendered: 0, tracks: { built: 1 } });
  });
});
