/**
 * At low bitrates LAME's coding noise lifts a file's peaks over its samples: the check decodes what is
 * shipped and encodes it again lower. Measured with ffmpeg (ebur128, true peak), never our own meter.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodedTruePeakDbtp, encodedUnderCeiling, mp3PeakNeedsCheck } from '../../../electron/main/core/deliver/mp3-peak-check';
import { truePeakDbtp } from '../../../electron/main/core/deliver/true-peak';
import { encodeMp3 } from '../../../electron/main/core/output/mp3';
import { ffmpegLoudness } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-mp3-peak-');
const RATE = 22_050;

/** Two seconds of a dense, speech-like spectrum (harmonics of a gliding 140 Hz voice, syllable-shaped), true peak at `peakDbtp`. */
function voiceLike(peakDbtp: number): Float32Array {
  const samples = new Float32Array(RATE * 2);
  for (let i = 0; i < samples.length; i++) {
    const t = i / RATE;
    const f0 = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    let value = 0;
    for (let h = 1; h <= 40; h++) value += Math.sin(2 * Math.PI * f0 * h * t + h * h) / h;
    samples[i] = value * (0.55 + 0.45 * Math.sin(2 * Math.PI * 3 * t));
  }
  const gain = 10 ** ((peakDbtp - truePeakDbtp(samples)) / 20);
  for (let i = 0; i < samples.length; i++) samples[i]! *= gain;
  return samples;
}

const toInt16 = (floats: Float32Array): Int16Array => Int16Array.from(floats, (value) => Math.round(value * 32767));

async function ffmpegPeak(name: string, bytes: Uint8Array): Promise<number> {
  const file = join(temp.dir, name);
  await writeFile(file, bytes);
  return (await ffmpegLoudness(file)).truePeak;
}

describe('an MP3 under the true-peak ceiling as decoded', () => {
  it('reads a decoded peak that ffmpeg agrees with (within 0.3 dB)', async () => {
    const bytes = await encodeMp3(toInt16(voiceLike(-6)), RATE, { bitrate: 64 });
    expect(Math.abs((await decodedTruePeakDbtp(bytes)) - (await ffmpegPeak('agree.mp3', bytes)))).toBeLessThan(0.3);
  });

  it('at 32 kbps: samples at -1.5 dBTP decode over it; checked, the file is under it by ffmpeg and only as much quieter as needed', async () => {
    const pcm = toInt16(voiceLike(-1.5));
    const plain = await encodeMp3(pcm, RATE, { bitrate: 32 });
    expect(await ffmpegPeak('plain.mp3', plain)).toBeGreaterThan(-1.5); // the coding noise lifts the peaks
    const checked = await encodedUnderCeiling(
      (gain) => encodeMp3(gain === 1 ? pcm : Int16Array.from(pcm, (value) => Math.round(value * gain)), RATE, { bitrate: 32 }),
      (bytes) => bytes,
      -1.5,
    );
    expect(checked.gainDb).toBeLessThan(0);
    expect(checked.gainDb).toBeGreaterThan(-3);
    expect(await ffmpegPeak('checked.mp3', checked.encoded)).toBeLessThanOrEqual(-1.5);
  });

  it('is checked only where the codec can lift it: within 2 dB of a ceiling at a low bitrate, hard-limited within 1 dB at any', () => {
    const DEFAULT = { integrated: -18, truePeak: -1.5 };
    expect(mp3PeakNeedsCheck(32, DEFAULT, () => -2)).toBe(true);
    expect(mp3PeakNeedsCheck(48, DEFAULT, () => -3.4)).toBe(true);
    expect(mp3PeakNeedsCheck(32, DEFAULT, () => -4)).toBe(false);
    expect(mp3PeakNeedsCheck(32, undefined, () => -1)).toBe(false); // loudness off: no ceiling
    // At the default bitrates only hard-limited speech (a loud target) near the ceiling is checked.
    expect(mp3PeakNeedsCheck(64, DEFAULT, () => -1.6)).toBe(false);
    expect(mp3PeakNeedsCheck(64, { integrated: -13, truePeak: -1 }, () => -1.6)).toBe(true);
    expect(mp3PeakNeedsCheck(128, { integrated: -13, truePeak: -1 }, () => -2.1)).toBe(false);
    expect(
      mp3PeakNeedsCheck(64, undefined, () => {
        throw new Error('read with no ceiling');
      }),
    ).toBe(false);
  });
});
