import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { durationMsOf } from '../../../electron/main/core/output/audio-duration';
import { encodeMp3, mp3BitrateFor, mp3BitrateWithin, mp3StreamEncoder } from '../../../electron/main/core/output/mp3';
import { speechLike } from '../../support/synthetic-speech';
import { mp3DurationMs, mp3Frames, parseMp3 } from '../../../electron/main/core/output/mp3-frames';
import { decodeWithSox, probeAudio } from '../../support/audio-decode';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';
import { concatBytes } from '../../../electron/main/core/bytes';

const soxTool = prerequisite('sox');

const run = promisify(execFile);
const temp = useTempFolder('cas-mp3-');

function sineInt16(samples: number, rate: number, amplitude = 0.3): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return out;
}

async function soxDurationMs(bytes: Uint8Array, name: string): Promise<{ durationMs: number; decodedMs: number; rms: number }> {
  const file = path.join(temp.dir, name);
  await writeFile(file, bytes);
  const decoded = await decodeWithSox(file);
  return { durationMs: decoded.durationSec * 1000, decodedMs: decoded.decodedSec * 1000, rms: decoded.rmsAmplitude };
}

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

describe('mp3BitrateFor', () => {
  it('picks 64 kbps for 22.05/24 kHz mono and scales with rate and channels', () => {
    expect(mp3BitrateFor(22_050)).toBe(64);
    expect(mp3BitrateFor(24_000)).toBe(64);
    expect(mp3BitrateFor(16_000)).toBe(48);
    expect(mp3BitrateFor(48_000)).toBe(96);
    expect(mp3BitrateFor(24_000, 2)).toBe(96);
  });
});

describe('encodeMp3 + parseMp3 (codec-parser)', () => {
  it.skipIf(soxTool.missing)(soxTool.title('encodes 22.05 kHz Int16 mono to MPEG-2 layer III whose frame-walk duration matches sox'), async () => {
    const pcm = sineInt16(Math.round(22_050 * 1.337), 22_050);
    const mp3 = await encodeMp3(pcm, 22_050);
    const info = parseMp3(mp3);
    expect(info).toMatchObject({ version: 2, layer: 3, sampleRate: 22_050, channels: 1, samplesPerFrame: 576 });
    expect(info.vbrTag).toBeUndefined();
    expect(info.bitrateKbps).toBeCloseTo(64, 0);
    // LAME adds its delay + padding: the stream is a little longer than the PCM, never shorter.
    expect(info.durationMs).toBeGreaterThanOrEqual(1337);
    expect(info.durationMs).toBeLessThan(1337 + 150);
    const sox = await soxDurationMs(mp3, 'a.mp3');
    expect(Math.abs(info.durationMs - sox.durationMs)).toBeLessThan(0.01 * sox.durationMs);
    expect(Math.abs(info.durationMs - sox.decodedMs)).toBeLessThan(0.05 * sox.decodedMs);
    expect(sox.rms).toBeGreaterThan(0.15); // 0.3 amplitude sine: RMS ~0.21
    expect(mp3DurationMs(mp3)).toBe(info.durationMs);
    expect(durationMsOf(mp3, 'mp3')).toBe(info.durationMs);
  });

  it.skipIf(soxTool.missing)(soxTool.title('encodes Float32 input at 44.1 kHz (MPEG-1) and a long clip spanning several encode chunks'), async () => {
    const samples = 44_100 * 3;
    const pcm = new Float32Array(samples);
    for (let i = 0; i < samples; i++) pcm[i] = 0.25 * Math.sin((2 * Math.PI * 330 * i) / 44_100);
    const mp3 = await encodeMp3(pcm, 44_100, { bitrate: 128 });
    const info = parseMp3(mp3);
    expect(info).toMatchObject({ version: 1, layer: 3, sampleRate: 44_100, samplesPerFrame: 1152 });
    expect(info.bitrateKbps).toBeCloseTo(128, 0);
    const sox = await soxDurationMs(mp3, 'b.mp3');
    expect(Math.abs(info.durationMs - sox.durationMs)).toBeLessThan(0.01 * sox.durationMs);
    expect(info.durationMs).toBeGreaterThan(3000);
  });

  it('encodes floats exactly as the Int16 they round to (LAME reads floats as x * 32767, Int16 as x * 32768)', () => {
    const rate = 22_050;
    const int16 = Int16Array.from(speechLike(rate, 3, 0.3, 5), (sample) => Math.round(sample * 32767));
    const floats = Float32Array.from(int16, (sample) => sample / 32768);
    const encode = mp3StreamEncoder(rate, 64);
    expect(Buffer.from(encode(floats)).equals(Buffer.from(encode(int16)))).toBe(true);
  });

  it('encodes a signal handed over in pieces exactly as the joined signal (a long track is never joined in memory)', async () => {
    const rate = 22_050;
    const floats = speechLike(rate, 3, 0.3, 7);
    const pieces = [floats.subarray(0, 1_000), floats.subarray(1_000, 70_000), floats.subarray(70_000)];
    expect(Buffer.from(await encodeMp3(pieces, rate, { bitrate: 64 })).equals(Buffer.from(await encodeMp3(floats, rate, { bitrate: 64 })))).toBe(true);
  });

  it('keeps the sample rate it is given at every bitrate a course may ask for (LAME alone resampled 32-48 kbps)', async () => {
    // Measured with ffprobe. Left to itself, LAME encoded 48 kHz at 32 kbps as 22.05 kHz, 44.1 kHz at
    // 48 kbps as 32 kHz: files at another rate than the course's output.sampleRate, with no word said.
    for (const [rate, bitrate] of [
      [48_000, 32],
      [44_100, 40],
      [48_000, 48],
      [24_000, 32],
      [22_050, 32],
    ] as const) {
      const file = path.join(temp.dir, `rate-${rate}-${bitrate}.mp3`);
      await writeFile(file, await encodeMp3(sineInt16(rate, rate), rate, { bitrate }));
      expect({ rate, bitrate, probed: (await probeAudio(file)).sampleRate }).toEqual({ rate, bitrate, probed: rate });
    }
  });

  it('encodes a bitrate above what the sample rate carries at the highest it does, as LAME would', async () => {
    const file = path.join(temp.dir, 'capped.mp3');
    await writeFile(file, await encodeMp3(sineInt16(22_050, 22_050), 22_050, { bitrate: 192 }));
    expect(parseMp3(await readFile(file)).bitrateKbps).toBeCloseTo(160, 0);
    expect(mp3BitrateWithin(192, 22_050)).toBe(160);
    expect(mp3BitrateWithin(192, 48_000)).toBe(192);
    expect(mp3BitrateWithin(64, 11_025)).toBe(64);
  });

  it('reuses one encoder safely for concurrent calls', async () => {
    const [a, b] = await Promise.all([encodeMp3(sineInt16(22_050, 22_050), 22_050), encodeMp3(sineInt16(24_000 * 2, 24_000), 24_000)]);
    expect(parseMp3(a)).toMatchObject({ sampleRate: 22_050 });
    expect(parseMp3(b)).toMatchObject({ sampleRate: 24_000 });
    expect(parseMp3(b).durationMs).toBeGreaterThan(2000);
  });

  it('counts what ffprobe decodes: an ID3v2 tag with frames in its body, ID3v1/APEv2 trailers, junk at the start and between frames', async () => {
    const mp3 = await encodeMp3(sineInt16(22_050 * 2, 22_050), 22_050);
    const plain = parseMp3(mp3);
    const frameEnd = (count: number): number => {
      let offset = 0;
      for (let i = 0; i < count; i++) offset += Math.floor((72_000 * 64) / 22_050) + (((mp3[offset + 2] ?? 0) >> 1) & 1);
      return offset;
    };
    // An ID3v2.4 tag whose body (like cover art could) holds 3 real MPEG frames: only a reader that
    // skips the tag by its size avoids counting them.
    const body = concat(new Uint8Array(20), mp3.subarray(0, frameEnd(3)), new Uint8Array(20));
    const size = body.length;
    const id3 = concat(new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]), body);
    const id3v1 = new Uint8Array(128);
    id3v1.set(new TextEncoder().encode('TAG'));
    // An APEv2 tag (header + one 20-byte item holding a frame sync + footer) before the ID3v1 trailer.
    const ape = new Uint8Array(32 + 20 + 32);
    const apeView = new DataView(ape.buffer);
    for (const [at, flags] of [
      [0, 0xa0000000],
      [52, 0x80000000],
    ] as const) {
      ape.set(new TextEncoder().encode('APETAGEX'), at);
      apeView.setUint32(at + 8, 2000, true);
      apeView.setUint32(at + 12, 52, true); // items + footer
      apeView.setUint32(at + 20, flags, true);
    }
    ape.set(mp3.subarray(0, 20), 32);
    // 37 junk bytes after the 10th frame; 100 at the very start.
    const offset = frameEnd(10);
    const cases: Record<string, Uint8Array> = {
      plain: mp3,
      tagged: concat(id3, mp3, ape, id3v1),
      'junk-between': concat(mp3.subarray(0, offset), new Uint8Array(37).fill(0x55), mp3.subarray(offset)),
      'junk-first': concat(new Uint8Array(100).fill(0x20), mp3),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(temp.dir, `${name}.mp3`);
      await writeFile(file, bytes);
      const probed = await probeAudio(file);
      expect({ name, frames: parseMp3(bytes).frames }).toEqual({ name, frames: probed.frames });
      expect(parseMp3(bytes).durationMs).toBeCloseTo((probed.frames * 576 * 1000) / probed.sampleRate, 6);
    }
    expect(parseMp3(cases.tagged!).frames).toBe(plain.frames);
    // The frame the junk follows cannot be confirmed (nothing follows it): codec-parser drops it, as ffprobe does.
    expect(parseMp3(cases['junk-between']!).frames).toBe(plain.frames - 1);
    expect(parseMp3(cases['junk-first']!).frames).toBe(plain.frames);
  });

  it('splits a stream into whole frames whose bytes add up to the stream (the local Azure server streams them)', async () => {
    const mp3 = await encodeMp3(sineInt16(24_000, 24_000), 24_000);
    const frames = mp3Frames(mp3);
    expect(frames.length).toBe(parseMp3(mp3).frames);
    expect(concat(...frames.map((frame) => frame.data))).toEqual(mp3);
    for (const frame of frames) expect([frame.data[0], (frame.data[1] ?? 0) & 0xe0]).toEqual([0xff, 0xe0]);
  });

  it.skipIf(soxTool.missing)(soxTool.title('reads a Xing/LAME tag (sox/LAME VBR file): excludes the tag frame and reports gapless length'), async () => {
    const file = path.join(temp.dir, 'vbr.mp3');
    await run('sox', ['-n', '-r', '22050', '-c', '1', '-C', '-4.2', file, 'synth', '3', 'sine', '440']);
    const bytes = new Uint8Array(await readFile(file));
    const info = parseMp3(bytes);
    expect(info.vbrTag?.kind).toBe('Xing');
    expect(info.vbrTag?.frames).toBe(info.frames);
    expect(info.gaplessDurationMs).toBeCloseTo(3000, 0);
    expect(mp3Frames(bytes)).toHaveLength(info.frames + 1); // the tag frame is a frame to the library
    const sox = await soxDurationMs(bytes, 'vbr-copy.mp3');
    expect(Math.abs(info.durationMs - sox.durationMs)).toBeLessThan(0.01 * sox.durationMs);
    // ffprobe states the duration the Xing tag gives (its decoder then skips LAME's delay, a frame less).
    expect(info.durationMs).toBeCloseTo((await probeAudio(file)).durationSec * 1000, 0);
  });

  it('rejects bytes with no MPEG frame', () => {
    expect(() => parseMp3(new TextEncoder().encode('RIFF....WAVEfmt not an mp3'))).toThrow(/no MPEG audio frame/);
    expect(() => parseMp3(new Uint8Array([0xff, 0xfb, 0x90]))).toThrow(/no MPEG audio frame/);
  });
});
