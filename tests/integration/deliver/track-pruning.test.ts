/**
 * The output folder holds only the tracks the course plans, as it holds only the clips it names: a
 * track list removed from the course, or a track renamed in a run that builds none (`--no-tracks`),
 * takes the old track files and their chapter lists with it, and the manifest stops listing them;
 * planned tracks a `--no-tracks` run did not build are left alone. Real CLI, real eSpeak.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCourse } from '../azure/azure-harness';
import { runGenerate } from '../../support/run-generate';
import { readManifest } from '../storage/storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-track-pruning-');
const base = { ...makeCourse(2, { id: 'pruning' }), tracks: [{ id: 'drill', per: 'course', sequence: ['target', { pause: 0.5 }, 'target-slow'] }] };

async function generate(course: object, ...flags: string[]) {
  const file = join(temp.dir, 'course.json');
  await writeFile(file, JSON.stringify(course));
  const result = await runGenerate([file, '--out', join(temp.dir, 'out'), '--json', '--engine', 'offline', ...flags]);
  expect(result.code, result.stderr).toBe(0);
  return result;
}
const trackFiles = async (): Promise<string[]> =>
  (await readdir(join(temp.dir, 'out', 'tracks'), { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(temp.dir, 'out', 'tracks').length + 1))
    .sort();
const manifestTrackFiles = async (): Promise<string[]> => ((await readManifest(join(temp.dir, 'out'))).tracks ?? []).map((track) => track.file);

describe('tracks the course no longer plans', () => {
  it('go with the track list, or with a rename in a --no-tracks run; planned ones stay', async () => {
    await generate(base);
    expect(await trackFiles()).toEqual(['drill/pruning.vtt', 'drill/pruning.wav']);

    // Planned and not built this time: left as they are, still listed.
    expect((await generate(base, '--no-tracks')).summary).toMatchObject({ rendered: 0 });
    expect(await trackFiles()).toEqual(['drill/pruning.vtt', 'drill/pruning.wav']);
    expect(await manifestTrackFiles()).toEqual(['tracks/drill/pruning.wav']);

    // Renamed in a run that builds none: the old files go, nothing new is built.
    const renamed = await generate({ ...base, tracks: [{ ...base.tracks[0], id: 'practice' }] }, '--no-tracks');
    expect(renamed.stderr).toMatch(/removed 1 track file the course no longer plans \(e\.g\. tracks\/drill\/pruning\.wav\)/);
    expect(await trackFiles()).toEqual([]);
    expect(await manifestTrackFiles()).toEqual([]);

    // Built again, then the course drops its track list: the files go, the clips stay.
    await generate(base);
    expect(await trackFiles()).toEqual(['drill/pruning.vtt', 'drill/pruning.wav']);
    const { tracks: _dropped, ...untracked } = base;
    const dropped = await generate(untracked);
    expect(dropped.summary).toMatchObject({ rendered: 0, failed: 0 });
    expect(await trackFiles()).toEqual([]);
    expect(await manifestTrackFiles()).toEqual([]);
    expect((await readManifest(join(temp.dir, 'out'))).items).toHaveLength(4);
  });
});
