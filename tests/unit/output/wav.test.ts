import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { durationMsOf } from '../../../electron/main/core/output/audio-duration';
import { encodeWav, parseWavHeader, WAV_HEADER_BYTES, wavDurationMs } from '../../../electron/main/core/output/wav';
import { decodeWithSox } from '../../support/audio-decode';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';

const soxTool = prerequisite('sox');

const run = promisify(execFile);
const temp = useTempFolder('cas-wav-');

function sine(samples: number, rate: number, amplitude = 0.5): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return out;
}

describe('encodeWav / parseWavHeader', () => {
  it('round-trips sample rate, channels, bits, data length and the samples themselves', () => {
    const pcm = sine(22_050 * 1.5 + 7, 22_050);
    const wav = encodeWav(pcm, 22_050);
    expect(wav.length).toBe(WAV_HEADER_BYTES + pcm.length * 2);
    const info = parseWavHeader(wav);
    expect(info).toMatchObject({
      audioFormat: 1,
      channels: 1,
      sampleRate: 22_050,
      bitsPerSample: 16,
      blockAlign: 2,
      dataOffset: 44,
      dataBytes: pcm.length * 2,
      frames: pcm.length,
    });
    expect(info.durationMs).toBeCloseTo((pcm.length / 22_050) * 1000, 6);
    const back = new Int16Array(wav.slice(info.dataOffset).buffer);
    expect(back).toEqual(pcm);
    const view = new DataView(wav.buffer);
    expect(view.getUint32(4, true)).toBe(wav.length - 8); // RIFF size
    expect(wavDurationMs(wav)).toBe(info.durationMs);
    expect(durationMsOf(wav, 'wav')).toBe(info.durationMs);
  });

  it('encodes an empty clip as a valid 44-byte file of zero duration', () => {
    const wav = encodeWav(new Int16Array(0), 24_000);
    expect(wav.length).toBe(44);
    expect(parseWavHeader(wav)).toMatchObject({ sampleRate: 24_000, dataBytes: 0, durationMs: 0 });
  });

  it.skipIf(soxTool.missing)(soxTool.title('writes a file sox decodes with the same rate and duration'), async () => {
    const pcm = sine(24_000 * 2, 24_000);
    const file = path.join(temp.dir, 'ours.wav');
    await writeFile(file, encodeWav(pcm, 24_000));
    const decoded = await decodeWithSox(file);
    expect(decoded).toMatchObject({ sampleRate: 24_000, channels: 1, samplesRead: pcm.length });
    expect(decoded.durationSec).toBeCloseTo(2, 6);
    expect(decoded.rmsAmplitude).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it.skipIf(soxTool.missing)(soxTool.title("parses sox's own WAV, and walks past extra chunks (LIST) before data"), async () => {
    const file = path.join(temp.dir, 'sox.wav');
    await run('sox', ['-n', '-r', '16000', '-c', '2', '-b', '16', file, 'synth', '1.25', 'sine', '300']);
    const soxWav = new Uint8Array(await readFile(file));
    expect(parseWavHeader(soxWav)).toMatchObject({ sampleRate: 16_000, channels: 2, bitsPerSample: 16, frames: 20_000, durationMs: 1250 });

    // Insert a 13-byte (odd, so padded to 14) LIST chunk between fmt and data.
    const base = encodeWav(sine(1000, 8000), 8000);
    const list = new Uint8Array(8 + 14);
    list.set([0x4c, 0x49, 0x53, 0x54, 13, 0, 0, 0]);
    const withList = new Uint8Array(base.length + list.length);
    withList.set(base.subarray(0, 36));
    withList.set(list, 36);
    withList.set(base.subarray(36), 36 + list.length);
    expect(parseWavHeader(withList)).toMatchObject({ sampleRate: 8000, dataOffset: 44 + list.length, frames: 1000, durationMs: 125 });
  });

  it('trusts the bytes present when the data size is a streaming placeholder or too large', () => {
    const wav = encodeWav(sine(4410, 22_050), 22_050);
    new DataView(wav.buffer).setUint32(40, 0xffff_ffff, true);
    expect(parseWavHeader(wav).durationMs).toBeCloseTo(200, 6);
    const truncated = wav.slice(0, 44 + 2205 * 2);
    expect(parseWavHeader(truncated).durationMs).toBeCloseTo(100, 6);
  });

  it('rejects bytes that are not WAV', () => {
    expect(() => parseWavHeader(new TextEncoder().encode('ID3 not a wav file at all'))).toThrow(/Not a WAV file/);
    const noData = encodeWav(new Int16Array(4), 8000).slice(0, 36);
    expect(() => parseWavHeader(noData)).toThrow(/no data chunk/);
    expect(() => encodeWav(new Int16Array(4), 0)).toThrow(RangeError);
  });
});
