/**
 * Shaping a master (trim, normalize, pad) and its QA flags, checked with ffmpeg's ebur128 meter and
 * decoder on the delivered files (independent of the meter the code uses).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapingOf } from '../../../electron/main/core/deliver/course-shaping';
import { deliverFromMaster } from '../../../electron/main/core/output/deliver';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { edgeSilenceMs, ffmpegLoudness, ffmpegSamples } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const RATE = 22_050;
const temp = useTempFolder('cas-shaping-');

/** A speech-like master: `silenceMs` of silence, then syllables of a vowel-ish tone with sharp peaks, then silence. */
function master(options: { speechMs: number; level: number; silenceMs?: number }): Uint8Array {
  const silence = Math.round((RATE * (options.silenceMs ?? 400)) / 1000);
  const speech = Math.round((RATE * options.speechMs) / 1000);
  const pcm = new Int16Array(silence * 2 + speech);
  for (let i = 0; i < speech; i++) {
    const t = i / RATE;
    const syllable = Math.max(0, Math.sin(Math.PI * 4 * t)); // 4 syllables a second
    const voice = 0.6 * Math.sin(2 * Math.PI * 180 * t) + 0.3 * Math.sin(2 * Math.PI * 720 * t) + 0.1 * Math.sin(2 * Math.PI * 2400 * t);
    const click = i % 4_000 === 100 ? 3 : 1; // occasional peaks well above the rest, as plosives give
    pcm[silence + i] = Math.round(Math.max(-1, Math.min(1, voice * syllable * options.level * click)) * 32_000);
  }
  return encodeWav(pcm, RATE);
}

async function written(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(temp.dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('delivering a master normalized and padded', () => {
  const defaults = shapingOf({});

  it('brings a quiet master and a hot one to -18 LUFS under -1.5 dBTP, as ffmpeg measures, in WAV and MP3', async () => {
    for (const [name, level] of [
      ['quiet', 0.02],
      ['hot', 0.3],
    ] as const) {
      for (const format of ['wav', 'mp3'] as const) {
        const delivered = await deliverFromMaster(master({ speechMs: 2_000, level }), { format, shaping: defaults }, { text: 'Hola, ¿cómo estás? Me llamo Ana.', rate: 1 });
        const measured = await ffmpegLoudness(await written(`${name}.${format}`, delivered.bytes));
        expect(Math.abs(measured.integrated - -18), `${name} ${format}: ${measured.integrated} LUFS`).toBeLessThanOrEqual(1);
        expect(measured.truePeak, `${name} ${format}`).toBeLessThanOrEqual(-1.5);
        expect(delivered.loudnessLufs).toBeCloseTo(-18, 0);
        expect(delivered.qa).toEqual([]);
      }
    }
  });

  it("trims the master's silence and pads 100 ms before and 250 ms after the speech (or the course's lengths)", async () => {
    const source = master({ speechMs: 1_500, level: 0.2, silenceMs: 900 });
    const wav = await deliverFromMaster(source, { format: 'wav', shaping: defaults });
    const edges = edgeSilenceMs(await ffmpegSamples(await written('padded.wav', wav.bytes), RATE), RATE);
    // The tone fades in and out with each syllable, so the first audible sample is a few ms in.
    expect(edges.leadMs).toBeGreaterThanOrEqual(95);
    expect(edges.leadMs).toBeLessThan(160);
    expect(edges.tailMs).toBeGreaterThanOrEqual(245);
    expect(edges.tailMs).toBeLessThan(310);
    const custom = await deliverFromMaster(source, { format: 'wav', shaping: shapingOf({ output: { silence: { leadMs: 500, tailMs: 0 } } }) });
    const customEdges = edgeSilenceMs(await ffmpegSamples(await written('custom.wav', custom.bytes), RATE), RATE);
    expect(customEdges.leadMs).toBeGreaterThanOrEqual(495);
    expect(customEdges.leadMs).toBeLessThan(560);
    expect(customEdges.tailMs).toBeLessThan(60);
  });

  it('with loudness and silence off, a WAV is the master byte for byte', async () => {
    const source = master({ speechMs: 1_000, level: 0.1 });
    const delivered = await deliverFromMaster(source, { format: 'wav', shaping: shapingOf({ output: { loudness: false, silence: false } }) });
    expect(Buffer.from(delivered.bytes).equals(Buffer.from(source))).toBe(true);
  });
});

describe('QA flags', () => {
  const defaults = shapingOf({});

  it('flags a near-silent master and leaves it unamplified', async () => {
    const silent = encodeWav(new Int16Array(RATE * 2), RATE);
    const delivered = await deliverFromMaster(silent, { format: 'wav', shaping: defaults }, { text: 'Buenos días.', rate: 1 });
    expect(delivered.qa).toEqual(['near-silent']);
  });

  it('flags speech far shorter than its text predicts as truncated, and far longer as runaway', async () => {
    const longText = 'Gira a la derecha después del puente y luego sigue todo recto hasta la plaza mayor.';
    const short = await deliverFromMaster(master({ speechMs: 500, level: 0.2 }), { format: 'wav', shaping: defaults }, { text: longText, rate: 1 });
    expect(short.qa).toEqual(['truncated']);
    const runaway = await deliverFromMaster(master({ speechMs: 12_000, level: 0.2 }), { format: 'wav', shaping: defaults }, { text: 'Sí.', rate: 1 });
    expect(runaway.qa).toEqual(['runaway']);
    const fine = await deliverFromMaster(master({ speechMs: 1_200, level: 0.2 }), { format: 'wav', shaping: defaults }, { text: 'Buenas tardes.', rate: 0.7 });
    expect(fine.qa).toEqual([]);
  });
});
