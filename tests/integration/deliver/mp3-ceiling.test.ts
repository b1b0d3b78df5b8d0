/**
 * An MP3 peaks higher as decoded than the samples it was made from (encodeMp3 makes up LAME's loss of
 * loudness, which LAME does not take off the peaks: deliver/mp3-shaping.ts). The sample course as
 * MP3 at the default target, and at -16 LUFS under -1 dBTP (15 dB of room, where LAME's noise lifted a
 * track over too), through the real CLI: every clip and lesson track under the ceiling as ffmpeg
 * decodes it, to a thousandth of its linear value, and within 1 LU of the target.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';
import { SAMPLE_COURSES } from '../../support/studio-fixture';
import { ffmpegLoudness, ffmpegTruePeakDbtp } from '../../support/loudness-probe';
import { mapLimit } from '../storage/storage-harness';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-mp3-ceiling-');

describe('MP3 files under the true-peak ceiling as decoded', () => {
  it.each([
    ['the default -18 LUFS / -1.5 dBTP', -18, -1.5],
    ['-16 LUFS / -1 dBTP', -16, -1],
  ] as const)(
    'the sample course at %s',
    async (name, integrated, truePeak) => {
      const course = JSON.parse(await readFile(join(SAMPLE_COURSES, 'es-en-starter.json'), 'utf8')) as Record<string, unknown>;
      const file = join(temp.dir, `course${integrated}.json`);
      await writeFile(file, JSON.stringify({ ...course, output: { format: 'mp3', loudness: { integrated, truePeak } } }));
      const out = join(temp.dir, `out${integrated}`);
      const run = await runGenerate([file, '--out', out, '--json', '--engine', 'offline']);
      expect(run.code, run.stderr).toBe(0);
      const files = [
        ...(await readdir(out)).filter((name) => name.endsWith('.mp3')),
        ...(await readdir(join(out, 'tracks', 'drill'))).filter((name) => name.endsWith('.mp3')).map((name) => `tracks/drill/${name}`),
      ];
      expect(files.length).toBe(460);
      const peaks = await mapLimit(files, 2, (name) => ffmpegTruePeakDbtp(join(out, name)));
      const over = files.map((name, index) => [name, peaks[index]!] as const).filter(([, peak]) => peak > truePeak);
      expect(over, `${name}: files over ${truePeak} dBTP`).toEqual([]);
      for (const track of files.filter((name) => name.startsWith('tracks/'))) {
        const level = await ffmpegLoudness(join(out, track));
        expect(Math.abs(level.integrated - integrated), `${track}: ${level.integrated} LUFS`).toBeLessThanOrEqual(1);
      }
    },
    240_000,
  );
});
