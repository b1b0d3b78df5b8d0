/**
 * Splicing MP3 streams (output/mp3-splice.ts, output/mp3-silent-frame.ts): a hand-made silent frame
 * has LAME's frame format, and clips encoded as independent LAME streams, spliced with silent frames,
 * make one stream that ffmpeg and sox decode without a word of complaint, to exactly the samples the
 * timeline computes, with every clip heard where the timeline says. codec-parser (mp3-frames.ts) only
 * reads the frames' layout; the audio is checked by ffmpeg and sox.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeMp3, type Mp3Bitrate } from '../../../electron/main/core/output/mp3';
import { mp3Frames } from '../../../electron/main/core/output/mp3-frames';
import { mp3FrameFormat, silentMp3Frame } from '../../../electron/main/core/output/mp3-silent-frame';
import { spliceMp3, spliceTimeline } from '../../../electron/main/core/output/mp3-splice';
import { MP3_HEARD_DELAY } from '../../../electron/main/core/output/mp3-timeline';
import { ffmpegSamples } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const temp = useTempFolder('cas-mp3-splice-');

/** What `ffmpeg -v error` says while decoding the file (nothing, for a valid stream). */
async function ffmpegErrors(file: string): Promise<string> {
  const { stdout, stderr } = await exec('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return `${stdout}${stderr}`.trim();
}

/**
 * Samples sox decodes (`sox -n stat`), and anything it warns about. sox (libmad) stops short of the
 * last frame of an MP3 with no Xing/LAME tag (a plain LAME stream reads short too).
 */
async function soxSamples(file: string): Promise<{ samples: number; warnings: string[] }> {
  const { stderr } = await exec('sox', [file, '-n', 'stat']);
  const samples = Number(/Samples read:\s+(\d+)/.exec(stderr)?.[1]);
  return { samples, warnings: stderr.split('\n').filter((line) => /WARN|FAIL/.test(line)) };
}

/** Where the signal first rises over -50 dBFS at or after `from`, in samples. */
function onsetAfter(samples: Float32Array, from: number): number {
  const threshold = 10 ** (-50 / 20);
  let i = from;
  while (i < samples.length && Math.abs(samples[i]!) < threshold) i++;
  return i;
}

/** A tone burst of `ms` at `rate`, faded in and out over 10 ms like a spoken syllable. */
function burst(rate: number, ms: number, hz: number): Float32Array {
  const length = Math.round((rate * ms) / 1000);
  const fade = rate / 100;
  return new Float32Array(length).map((_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / rate) * Math.min(1, (i + 1) / fade, (length - i) / fade));
}

const FORMATS: ReadonlyArray<[number, Mp3Bitrate]> = [
  [22_050, 64],
  [24_000, 64],
  [16_000, 48],
  [44_100, 96],
  [48_000, 96],
];

describe('a silent MP3 frame', () => {
  it("has the version, rate, bitrate, mode and size of LAME's frames at every rate", async () => {
    for (const [rate, bitrate] of FORMATS) {
      const lame = mp3Frames(await encodeMp3(burst(rate, 300, 440), rate, { bitrate }));
      const format = mp3FrameFormat(rate, bitrate);
      for (const padded of [false, true]) {
        const [silent] = mp3Frames(new Uint8Array([...silentMp3Frame(format, padded), ...silentMp3Frame(format, padded)]));
        expect(silent, `${rate} Hz`).toMatchObject({ sampleRate: rate, bitrateKbps: bitrate, channels: 1, layer: 3, version: lame[0]!.version, samples: lame[0]!.samples });
        // LAME's frames are this size, or a byte more when padded; the header bytes but padding match.
        expect(silent!.data.length).toBe(format.frameBytes + (padded ? 1 : 0));
        expect(lame.every((frame) => frame.data.length === format.frameBytes || frame.data.length === format.frameBytes + 1)).toBe(true);
        expect([silent!.data[0], silent!.data[1], silent!.data[2]! & ~2, silent!.data[3]]).toEqual([lame[1]!.data[0], lame[1]!.data[1], lame[1]!.data[2]! & ~2, lame[1]!.data[3]]);
      }
    }
  });

  it('decodes (ffmpeg, sox) to digital silence, frame by frame, and the stream keeps the exact bitrate', async () => {
    for (const [rate, bitrate] of [FORMATS[0]!, FORMATS[3]!]) {
      const spliced = spliceMp3([], 1000 * 1152 - MP3_HEARD_DELAY, rate, bitrate);
      const file = join(temp.dir, `silence-${rate}.mp3`);
      await writeFile(file, spliced.bytes);
      expect(await ffmpegErrors(file)).toBe('');
      const decoded = await ffmpegSamples(file, rate);
      expect(decoded.length).toBe(spliced.totalSamples);
      expect(decoded.every((sample) => sample === 0)).toBe(true);
      const frame = rate <= 24_000 ? 576 : 1152;
      const sox = await soxSamples(file);
      expect(sox.warnings).toEqual([]);
      expect(sox.samples).toBeGreaterThanOrEqual(spliced.totalSamples - frame);
      expect(sox.samples).toBeLessThanOrEqual(spliced.totalSamples);
      // CBR: the bytes are what the bitrate gives for that many frames' duration, to the byte.
      const exact = (spliced.totalSamples / rate) * ((bitrate * 1000) / 8);
      expect(Math.abs(spliced.bytes.length - exact)).toBeLessThan(1);
    }
  });
});

describe('the splice timeline', () => {
  it('starts each piece at the frame nearest its planned place, never over the piece before', () => {
    const timeline = spliceTimeline(
      [
        { at: 0, frames: 10 },
        { at: 20 * 576 + 100, frames: 5 }, // 20.17 frames: frame 20
        { at: 24 * 576, frames: 3 }, // planned inside the previous piece's frames: right after them
        { at: 40 * 576 + 400, frames: 2 }, // 40.69: frame 41
      ],
      50 * 576,
      576,
    );
    expect(timeline.startFrames).toEqual([0, 20, 25, 41]);
    expect(timeline.heardStarts).toEqual([0, 20, 25, 41].map((frame) => frame * 576 + MP3_HEARD_DELAY));
    // The planned end (50 frames) shifted by the codec delay, to the nearest frame.
    expect(timeline.totalFrames).toBe(Math.round((50 * 576 + MP3_HEARD_DELAY) / 576));
    expect(timeline.totalSamples).toBe(timeline.totalFrames * 576);
  });

  it('ends with the last piece when it runs past the planned end', () => {
    expect(spliceTimeline([{ at: 0, frames: 30 }], 10 * 576, 576).totalFrames).toBe(30);
  });
});

describe('clips spliced with silence', () => {
  it('decode as one stream (ffmpeg -v error prints nothing, sox agrees) to the timeline, each clip heard where it says', async () => {
    for (const [rate, bitrate] of [FORMATS[0]!, FORMATS[1]!, FORMATS[3]!]) {
      const clips = [burst(rate, 700, 300), burst(rate, 450, 520), burst(rate, 1_100, 180)];
      const streams = await Promise.all(clips.map((clip) => encodeMp3(clip, rate, { bitrate })));
      const second = (seconds: number): number => Math.round(seconds * rate);
      // Clip 1 played twice (its stream reused), pauses of 1.5 s, 0.37 s, 2 s and 0.8 s.
      const plan = [
        { at: 0, clip: 0 },
        { at: second(0.7 + 1.5), clip: 1 },
        { at: second(0.7 + 1.5 + 0.45 + 0.37), clip: 0 },
        { at: second(0.7 + 1.5 + 0.45 + 0.37 + 0.7 + 2), clip: 2 },
      ];
      const plannedLength = plan.at(-1)!.at + clips[2]!.length + second(0.8);
      const spliced = spliceMp3(
        plan.map(({ at, clip }) => ({ at, stream: streams[clip]! })),
        plannedLength,
        rate,
        bitrate,
      );
      const file = join(temp.dir, `spliced-${rate}.mp3`);
      await writeFile(file, spliced.bytes);
      expect(await ffmpegErrors(file), `${rate} Hz`).toBe('');
      const decoded = await ffmpegSamples(file, rate);
      expect(decoded.length, `${rate} Hz`).toBe(spliced.totalSamples);
      const frame = rate <= 24_000 ? 576 : 1152;
      const sox = await soxSamples(file);
      expect(sox.warnings).toEqual([]);
      expect(sox.samples).toBeGreaterThanOrEqual(spliced.totalSamples - frame);
      // Each clip decodes in the splice exactly as its stream decodes alone (the splice changes nothing),
      // the silence around it is digital silence, and it is heard where the timeline says (its planned
      // place + the codec delay, within half a frame: the grid holds however long the pauses are).
      const alone = await Promise.all(
        streams.map(async (stream, index) => {
          const single = join(temp.dir, `alone-${rate}-${index}.mp3`);
          await writeFile(single, stream);
          return ffmpegSamples(single, rate);
        }),
      );
      let silentFrom = 0;
      plan.forEach(({ at, clip }, index) => {
        const start = spliced.startFrames[index]! * frame;
        const own = alone[clip]!;
        let worst = 0;
        for (let i = 0; i < own.length; i++) worst = Math.max(worst, Math.abs(decoded[start + i]! - own[i]!));
        expect(worst, `${rate} Hz clip ${index}`).toBeLessThan(1e-6);
        // Silent at 16 bits (the float decoder's filter bank leaves a ring of ~1e-12 after a stream).
        const noise = decoded.subarray(silentFrom, start).findIndex((sample) => Math.abs(sample) >= 2 ** -16);
        expect(noise, `${rate} Hz before clip ${index}: ${decoded[silentFrom + noise]} at ${silentFrom + noise}, clip frames at ${start}`).toBe(-1);
        silentFrom = start + own.length + frame; // its last frame overlaps into the next one
        const onset = onsetAfter(decoded, start);
        expect(Math.abs(onset - spliced.heardStarts[index]!) / rate, `${rate} Hz clip ${index}: onset ${onset}`).toBeLessThan(0.01);
        expect(Math.abs(spliced.heardStarts[index]! - (at + MP3_HEARD_DELAY)), `${rate} Hz clip ${index}`).toBeLessThanOrEqual(frame / 2);
      });
      // The whole stream: the plan plus the codec delay, within a frame.
      expect(Math.abs(spliced.totalSamples - (plannedLength + MP3_HEARD_DELAY))).toBeLessThanOrEqual(frame);
    }
  });
});
