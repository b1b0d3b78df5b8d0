/**
 * Our LAME build (electron/main/core/output/lame): the embedded wasm is the one its header names, a
 * stream decodes (ffmpeg, an independent decoder) to its input at LAME's delay, Int16 and Float32 input
 * give the same audio, the quality setting reaches LAME, and misuse fails with a message.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAME_CHUNK_SAMPLES, openLameStream } from '../../../electron/main/core/output/lame/lame-encoder';
import { LAME_WASM_BASE64 } from '../../../electron/main/core/output/lame/lame-wasm';
import { MP3_HEARD_DELAY } from '../../../electron/main/core/output/mp3-timeline';
import { parseMp3 } from '../../../electron/main/core/output/mp3-frames';
import { ffmpegSamples } from '../../support/loudness-probe';
import { speechLike } from '../../support/synthetic-speech';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-lame-');
const RATE = 22_050;

function encode(pcm: Int16Array | Float32Array, quality?: number): Uint8Array {
  const stream = openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 64, ...(quality === undefined ? {} : { quality }) });
  const frames = stream.encode(pcm);
  const last = stream.finish();
  const out = new Uint8Array(frames.length + last.length);
  out.set(frames);
  out.set(last, frames.length);
  return out;
}

/** Signal-to-error ratio (dB) of `decoded`, read from LAME's delay on, against `source`. */
function snrDb(decoded: Float32Array, source: Float32Array): number {
  let signal = 0;
  let error = 0;
  for (let i = 0; i < source.length; i++) {
    signal += source[i]! ** 2;
    error += (decoded[MP3_HEARD_DELAY + i]! - source[i]!) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

async function decoded(bytes: Uint8Array, name: string): Promise<Float32Array> {
  const file = path.join(temp.dir, name);
  await writeFile(file, bytes);
  return ffmpegSamples(file, RATE);
}

describe('our LAME build', () => {
  it('embeds the wasm its generated header names (sha256 and size), so a hand edit cannot pass for a build', async () => {
    const source = await readFile(path.resolve(import.meta.dirname, '../../../electron/main/core/output/lame/lame-wasm.ts'), 'utf8');
    const header = /(\d+) bytes of wasm, sha256 ([0-9a-f]{64})/.exec(source);
    const wasm = Buffer.from(LAME_WASM_BASE64, 'base64');
    expect(header).not.toBeNull();
    expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
    expect(wasm.length).toBe(Number(header![1]));
    expect(createHash('sha256').update(wasm).digest('hex')).toBe(header![2]);
  });

  it('encodes speech longer than one chunk that ffmpeg decodes to it, at LAME delay, and Int16 or Float32 input sound the same', async () => {
    const speech = speechLike(RATE, 8, 0.3, 7); // 176,400 samples: three encode chunks
    expect(speech.length).toBeGreaterThan(2 * LAME_CHUNK_SAMPLES);
    const int16 = Int16Array.from(speech, (sample) => Math.round(sample * 32767));
    const fromInt16 = encode(int16);
    const fromFloat = encode(speech);
    const info = parseMp3(fromInt16);
    expect(info).toMatchObject({ version: 2, layer: 3, sampleRate: RATE, channels: 1 });
    expect(info.bitrateKbps).toBeCloseTo(64, 0);
    const heard = await decoded(fromInt16, 'int16.mp3');
    expect(heard.length).toBeGreaterThanOrEqual(speech.length + MP3_HEARD_DELAY);
    expect(snrDb(heard, speech)).toBeGreaterThan(12);
    // Misaligned by one sample, the same comparison collapses: the delay really is LAME's.
    expect(snrDb(heard.subarray(1), speech)).toBeLessThan(snrDb(heard, speech) - 3);
    const heardFloat = await decoded(fromFloat, 'float.mp3');
    expect(heardFloat.length).toBe(heard.length);
    expect(snrDb(heardFloat, speech)).toBeCloseTo(snrDb(heard, speech), 0);
  });

  it('passes the algorithm quality to LAME: -q 7 writes a different stream of the same frames, which decodes as well', async () => {
    const speech = speechLike(RATE, 3, 0.3, 3);
    const standard = encode(speech);
    const fast = encode(speech, 7);
    expect(encode(speech, 3)).toEqual(standard); // LAME's default is -q 3
    expect(fast).not.toEqual(standard);
    expect(parseMp3(fast).durationMs).toBe(parseMp3(standard).durationMs);
    expect(snrDb(await decoded(fast, 'fast.mp3'), speech)).toBeGreaterThan(12);
  });

  it('applies its input scale inside LAME: scale 0.5 is heard 6 dB down', async () => {
    const speech = speechLike(RATE, 2, 0.3, 5);
    const rms = (samples: Float32Array): number => Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
    const stream = openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 64, scale: 0.5 });
    const frames = stream.encode(speech);
    const last = stream.finish();
    const half = new Uint8Array(frames.length + last.length);
    half.set(frames);
    half.set(last, frames.length);
    const levelDb = 20 * Math.log10(rms(await decoded(half, 'half.mp3')) / rms(await decoded(encode(speech), 'whole.mp3')));
    expect(levelDb).toBeGreaterThan(-6.3);
    expect(levelDb).toBeLessThan(-5.7);
  });

  it('refuses settings LAME cannot encode and a stream used after it finished', () => {
    // LAME would take each of these and substitute something else without a word.
    expect(() => openLameStream({ sampleRate: 0, outputSampleRate: 0, bitrate: 64 })).toThrow(/invalid input sample rate 0/);
    expect(() => openLameStream({ sampleRate: RATE, outputSampleRate: 96_000, bitrate: 64 })).toThrow(/MP3 has no 96000 Hz sample rate/);
    expect(() => openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 1000 })).toThrow(/invalid bitrate 1000 kbps/);
    expect(() => openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 64, quality: 10 })).toThrow(/quality 10 is not 0-9/);
    expect(() => openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 64, scale: 0 })).toThrow(/scale 0 is not in \(0, 4\]/);
    // What it settled on is reported: 22.05 kHz (MPEG-2) carries at most 160 kbps.
    const capped = openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 192 });
    expect([capped.sampleRate, capped.bitrate]).toEqual([RATE, 160]);
    capped.close();
    const stream = openLameStream({ sampleRate: RATE, outputSampleRate: RATE, bitrate: 64 });
    stream.encode(new Int16Array(1000));
    stream.finish();
    expect(() => stream.encode(new Int16Array(10))).toThrow(/already finished/);
    stream.close(); // a second close is harmless
  });
});
