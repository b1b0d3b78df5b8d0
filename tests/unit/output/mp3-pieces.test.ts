/**
 * Segments encoded in one LAME run and cut into pieces (output/mp3-pieces.ts): each piece is cut (not
 * re-encoded on its own), splices like an independent stream (ffmpeg decodes the splice without an
 * error, sox without a warning), and holds its segment exactly `lead` samples after its first frame: ffmpeg's decoding of the
 * splice matches the segment's own samples there as closely as an independent encode matches them.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Mp3Bitrate } from '../../../electron/main/core/output/mp3';
import { encodeMp3Pieces } from '../../../electron/main/core/output/mp3-pieces';
import { spliceMp3 } from '../../../electron/main/core/output/mp3-splice';
import { MP3_HEARD_DELAY } from '../../../electron/main/core/output/mp3-timeline';
import { ffmpegSamples } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const temp = useTempFolder('cas-mp3-pieces-');

/** Speech-like 16-bit samples: a voiced tone in syllables, faded in and out. */
function segment(rate: number, ms: number, seed: number): Int16Array {
  const length = Math.round((rate * ms) / 1000);
  const fade = rate / 100;
  return new Int16Array(length).map((_, i) => {
    const t = i / rate;
    const voice = 0.5 * Math.sin(2 * Math.PI * (140 + 30 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * (650 + 90 * seed) * t);
    const syllable = 0.4 + 0.6 * Math.abs(Math.sin(Math.PI * (3 + seed) * t));
    return Math.round(9_000 * voice * syllable * Math.min(1, (i + 1) / fade, (length - i) / fade));
  });
}

/** Signal-to-error ratio (dB) of `decoded` from `at` against `source`. */
function snrDb(decoded: Float32Array, at: number, source: Int16Array): number {
  let signal = 0;
  let error = 0;
  for (let i = 0; i < source.length; i++) {
    const expected = source[i]! / 32768;
    signal += expected * expected;
    error += (decoded[at + i]! - expected) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

describe('segments encoded in one run, cut into pieces', () => {
  it('each piece splices cleanly and holds its segment at its lead, as faithfully as an independent stream', async () => {
    // The course default formats, and a tiny-frame one (8 kHz at 8 kbps: 72-byte frames, so the bit
    // reservoir reaches several frames back and a piece may have to be encoded alone: still correct).
    for (const [rate, bitrate] of [
      [22_050, 64],
      [44_100, 96],
      [8_000, 8],
    ] as Array<[number, Mp3Bitrate]>) {
      const segments = [segment(rate, 900, 1), segment(rate, 1_300, 2), segment(rate, 650, 3), segment(rate, 1_700, 4)];
      const pieces = await encodeMp3Pieces(segments, rate, bitrate);
      const alone = await encodeMp3Pieces([segments[1]!], rate, bitrate);
      expect(alone[0]!.lead).toBe(MP3_HEARD_DELAY);
      // Cut from the shared run: the later ones start before their sound (a lead past LAME's own delay).
      if (bitrate >= 64)
        expect(
          pieces.slice(1).every((piece) => piece.lead > MP3_HEARD_DELAY),
          `${rate} Hz leads ${pieces.map((piece) => piece.lead)}`,
        ).toBe(true);
      // Spliced in reverse order, 1.5 s apart, the second one twice: nothing depends on the neighbours of the cut.
      const order = [3, 1, 2, 0, 1];
      let at = 0;
      const placed = order.map((index) => {
        const entry = { at, stream: pieces[index]!.stream, lead: pieces[index]!.lead };
        at += segments[index]!.length + Math.round(1.5 * rate);
        return entry;
      });
      const spliced = spliceMp3(placed, at, rate, bitrate);
      const file = join(temp.dir, `pieces-${rate}.mp3`);
      await writeFile(file, spliced.bytes);
      const { stderr } = await exec('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
      expect(stderr.trim()).toBe('');
      const sox = await exec('sox', [file, '-n', 'stat']);
      expect(sox.stderr.split('\n').filter((line) => /WARN|FAIL/.test(line))).toEqual([]);
      const decoded = await ffmpegSamples(file, rate);
      expect(decoded.length).toBe(spliced.totalSamples);
      const aloneFile = join(temp.dir, `alone-${rate}.mp3`);
      await writeFile(aloneFile, alone[0]!.stream);
      const reference = snrDb(await ffmpegSamples(aloneFile, rate), MP3_HEARD_DELAY, segments[1]!);
      expect(reference).toBeGreaterThan(10);
      order.forEach((index, position) => {
        const snr = snrDb(decoded, spliced.heardStarts[position]!, segments[index]!);
        // A lead off by a couple of samples costs far more than this (a 1-sample shift of these tones: ~-20 dB error).
        expect(snr, `${rate} Hz segment ${index} at ${position}: ${snr.toFixed(1)} dB, alone ${reference.toFixed(1)} dB`).toBeGreaterThan(reference - 3);
      });
    }
  });

  it('a single segment is an independent stream', async () => {
    const [piece] = await encodeMp3Pieces([segment(22_050, 500, 1)], 22_050, 64);
    expect(piece!.lead).toBe(MP3_HEARD_DELAY);
    expect(piece!.stream[4]).toBe(0); // LAME's first frame: main_data_begin 0
  });
});
