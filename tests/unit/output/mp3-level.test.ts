/**
 * LAME's level loss (electron/main/core/output/mp3-level.ts): the table generated with our LAME build
 * is what the build does now (a rebuilt LAME with another loss fails here: regenerate the table with
 * lame/measure-level-loss.ts), it covers every rate and bitrate a course can ask for, and encodeMp3
 * makes the loss up: the file decodes (ffmpeg, not our decoder) at its input's level.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP3_BITRATES } from '../../../shared/model/course';
import { MP3_SAMPLE_RATES } from '../../../electron/main/core/output/lame/lame-encoder';
import { encodeMp3, mp3BitrateFor, mp3BitrateWithin, mp3StreamEncoder, type Mp3Bitrate } from '../../../electron/main/core/output/mp3';
import { levelLossKey, measureMp3LevelLossDb } from '../../../electron/main/core/output/mp3-level';
import { MP3_LEVEL_LOSS_DB } from '../../../electron/main/core/output/mp3-level-table';
import { ffmpegSamples } from '../../support/loudness-probe';
import { speechLike } from '../../support/synthetic-speech';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-mp3-level-');

describe('LAME level loss', () => {
  it.each([
    [22_050, 64],
    [24_000, 64],
    [16_000, 32],
    [44_100, 128],
    [48_000, 192],
  ] as const)('the table holds what this build loses at %i Hz, %i kbps', async (rate, bitrate) => {
    const measured = await measureMp3LevelLossDb(rate, mp3StreamEncoder(rate, bitrate));
    expect(measured).toBeGreaterThan(0.1);
    expect(Math.abs(MP3_LEVEL_LOSS_DB[levelLossKey(rate, bitrate)]! - measured)).toBeLessThanOrEqual(0.01);
  });

  it('covers every rate and bitrate a course or a default can ask for', () => {
    for (const rate of MP3_SAMPLE_RATES)
      for (const bitrate of [...MP3_BITRATES, mp3BitrateFor(rate, 1)])
        expect(MP3_LEVEL_LOSS_DB[levelLossKey(rate, mp3BitrateWithin(bitrate as Mp3Bitrate, rate))], `${rate} Hz, ${bitrate} kbps`).toBeDefined();
  });

  it('is made up by encodeMp3: speech decodes at its own level (ffmpeg), where LAME alone loses half a dB', async () => {
    const rate = 22_050;
    const speech = speechLike(rate, 4, 0.3, 9);
    const energy = (samples: Float32Array, from: number, length: number): number => {
      let sum = 0;
      for (let i = from; i < from + length; i++) sum += samples[i]! ** 2;
      return sum;
    };
    const levelDb = async (bytes: Uint8Array, name: string): Promise<number> => {
      const file = join(temp.dir, name);
      await writeFile(file, bytes);
      // Aligned on LAME's delay (1105 samples), over the input's own length.
      return 10 * Math.log10(energy(await ffmpegSamples(file, rate), 1105, speech.length) / energy(speech, 0, speech.length));
    };
    expect(Math.abs(await levelDb(await encodeMp3(speech, rate, { bitrate: 64 }), 'made-up.mp3'))).toBeLessThanOrEqual(0.15);
    expect(await levelDb(mp3StreamEncoder(rate, 64)(speech), 'raw.mp3')).toBeLessThan(-0.25);
  });
});
