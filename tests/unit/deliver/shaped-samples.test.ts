/**
 * A clip's gains applied in one pass straight into the WAV payload (deliver/shaped-samples.ts): the same
 * bytes as applying them step by step (scaled copy, trim in place, Int16 conversion, WAV encoding), and
 * files that ffmpeg and sox decode and measure as shaping promises.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { shapingOf } from '../../../electron/main/core/deliver/course-shaping';
import { int16Of, writeShapedInt16, type ShapedSamples } from '../../../electron/main/core/deliver/shaped-samples';
import { shapeAudio } from '../../../electron/main/core/deliver/shaping';
import { deliverFromMaster, pcmOfMaster } from '../../../electron/main/core/output/deliver';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { ffmpegLoudness, ffmpegSamples } from '../../support/loudness-probe';
import { padded, speechLike } from '../../support/synthetic-speech';
import { useTempFolder } from '../../support/temp-folder';

const RATE = 22_050;
const run = promisify(execFile);
const temp = useTempFolder('cas-shaped-');

/** A master as an engine gives it: speech-like audio between uneven silences, as 16-bit WAV. */
function master(level: number, seed: number): Uint8Array {
  const floats = padded(speechLike(RATE, 1 + seed * 0.3, level, seed), RATE, 0.3, 0.45);
  const pcm = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i++) pcm[i] = Math.round(floats[i]! * 32_000);
  return encodeWav(pcm, RATE);
}

/** Levels from near silence to hot: the limiter idle, acting, and a final true-peak trim. */
const MASTERS = [0.003, 0.02, 0.1, 0.3, 0.9].flatMap((level, i) => [master(level, i + 1), master(level, i + 2)]);

describe('a shaped clip written in one pass', () => {
  const shaping = shapingOf({});

  it('gives the bytes of the step-by-step shaping, measured fresh and from the cached analysis', async () => {
    const paths = new Set<string>();
    for (const [index, wav] of MASTERS.entries()) {
      const { pcm, sampleRate } = pcmOfMaster(wav);
      const fresh = await deliverFromMaster(wav, { format: 'wav', shaping });
      const cached = await deliverFromMaster(wav, { format: 'wav', shaping }, undefined, fresh.analysis);
      // The composition the fused pass replaces: shaped floats, then Int16, then a WAV file around them.
      const stepByStep = encodeWav(int16Of(shapeAudio(pcm, sampleRate, shaping).samples), sampleRate);
      expect(Buffer.from(fresh.bytes).equals(Buffer.from(stepByStep)), `master ${index}, fresh`).toBe(true);
      expect(Buffer.from(cached.bytes).equals(Buffer.from(stepByStep)), `master ${index}, cached analysis`).toBe(true);
      paths.add(fresh.analysis?.limited ? 'limited' : fresh.loudnessLufs === undefined || fresh.loudnessLufs < -30 ? 'silent' : 'gain only');
    }
    // Every way through shaping was taken: near silence left alone, plain gain, the limiter.
    expect([...paths].sort()).toEqual(['gain only', 'limited', 'silent']);
  });

  it('rounds as scaling, trimming and converting one step at a time do, from floats and from the Int16 master', () => {
    const pcm = new Int16Array(4_000);
    for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin(i * 0.37) * 32_767 * (i % 7 === 0 ? 1 : 0.4));
    const floats = Float32Array.from(pcm, (v) => v / 32768);
    for (const [gain, trim] of [
      [1, 1],
      [1.7, 1],
      [0.31, 0.97],
      [3.1, 0.5], // clipped: clamped to the Int16 range
    ] as const) {
      // The reference, written out: float32 after each gain (a Float32Array store), then half away from zero.
      const expected = new Int16Array(floats.length);
      const step = new Float32Array(1);
      for (let i = 0; i < floats.length; i++) {
        step[0] = floats[i]! * gain;
        step[0] = step[0] * trim;
        const value = Math.max(-32768, Math.min(32767, step[0] * 32768));
        expected[i] = Math.sign(value) * Math.floor(Math.abs(value) + 0.5);
      }
      const sources: ShapedSamples['source'][] = [floats, { pcm, start: 0, end: pcm.length, lead: 0, tail: 0 }];
      for (const source of sources) {
        const out = new Int16Array(floats.length);
        writeShapedInt16({ source, gain, trim, owned: false }, out);
        expect(Array.from(out), `gain ${gain}, trim ${trim}, ${source instanceof Float32Array ? 'floats' : 'Int16'}`).toEqual(Array.from(expected));
      }
    }
    // Framed: the kept range placed after the lead, zeros around it.
    const out = new Int16Array(3 + 5 + 2);
    writeShapedInt16({ source: { pcm, start: 10, end: 15, lead: 3, tail: 2 }, gain: 1, trim: 1, owned: false }, out);
    expect(Array.from(out)).toEqual([0, 0, 0, ...Array.from(pcm.subarray(10, 15)), 0, 0]);
  });

  it('gives each shaped clip its own floats: shaping the next clip (reused buffers) leaves the earlier ones alone', () => {
    const shapedClips = MASTERS.map((wav) => {
      const { pcm, sampleRate } = pcmOfMaster(wav);
      return shapeAudio(pcm, sampleRate, shaping).samples;
    });
    const copies = shapedClips.map((samples) => samples.slice());
    for (const wav of MASTERS) {
      const { pcm, sampleRate } = pcmOfMaster(wav);
      shapeAudio(pcm, sampleRate, shaping, shapeAudio(pcm, sampleRate, shaping).analysis); // fresh, then from the analysis
    }
    shapedClips.forEach((samples, index) => expect(Buffer.from(samples.buffer).equals(Buffer.from(copies[index]!.buffer)), `clip ${index}`).toBe(true));
    expect(new Set(shapedClips.map((samples) => samples.buffer)).size).toBe(shapedClips.length);
  });

  it('writes WAV files that sox reads and ffmpeg decodes to the same samples, at -18 LUFS under -1.5 dBTP', async () => {
    for (const [index, wav] of MASTERS.entries()) {
      if (index < 2) continue; // near silence is never amplified: nothing to measure
      const delivered = await deliverFromMaster(wav, { format: 'wav', shaping });
      const file = join(temp.dir, `clip-${index}.wav`);
      await writeFile(file, delivered.bytes);
      const { stdout } = await run('soxi', ['-s', file]);
      const frames = (delivered.bytes.length - 44) / 2;
      expect(Number(stdout.trim()), `master ${index}: sox's sample count`).toBe(frames);
      const decoded = await ffmpegSamples(file, RATE);
      const ours = new Int16Array(delivered.bytes.buffer, delivered.bytes.byteOffset + 44, frames);
      expect(decoded.length).toBe(frames);
      let worst = 0;
      for (let i = 0; i < frames; i++) worst = Math.max(worst, Math.abs(decoded[i]! * 32768 - ours[i]!));
      expect(worst, `master ${index}: ffmpeg's samples against the payload`).toBeLessThan(0.5);
      const measured = await ffmpegLoudness(file);
      expect(Math.abs(measured.integrated - -18), `master ${index}: ${measured.integrated} LUFS`).toBeLessThanOrEqual(0.5);
      expect(measured.truePeak, `master ${index}`).toBeLessThanOrEqual(-1.5);
    }
  });
});
