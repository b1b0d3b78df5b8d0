/**
 * An MP3 of ours is heard with LAME's delays around its samples (output/mp3-timeline.ts): the frame
 * count the model predicts is what ffprobe finds, and a short clip delivered as MP3 reads, by ffmpeg's
 * ebur128, what we report minus only the codec's own level loss (about 0.45 dB at 64 kbps), instead of
 * anywhere from -1.2 to +0.2 LU around it as the 400 ms blocks fall against the delayed speech.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { shapingOf } from '../../../electron/main/core/deliver/course-shaping';
import { deliverFromMaster } from '../../../electron/main/core/output/deliver';
import { encodeMp3 } from '../../../electron/main/core/output/mp3';
import { mp3Timeline } from '../../../electron/main/core/output/mp3-timeline';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { ffmpegLoudness } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const temp = useTempFolder('cas-mp3-timeline-');

/** Samples ffprobe decodes from an MP3 without a gapless tag (frames x samples per frame). */
async function decodedSamples(file: string): Promise<number> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets,sample_rate', '-of', 'json', file]);
  const stream = (JSON.parse(stdout) as { streams: Array<{ nb_read_packets: string; sample_rate: string }> }).streams[0]!;
  return Number(stream.nb_read_packets) * (Number(stream.sample_rate) <= 24_000 ? 576 : 1152);
}

/** A master: 300 ms of silence, `speechMs` of speech-like syllables, 300 ms of silence. */
function master(rate: number, speechMs: number, seed: number): Uint8Array {
  const silence = Math.round(rate * 0.3);
  const speech = Math.round((rate * speechMs) / 1000);
  const pcm = new Int16Array(2 * silence + speech);
  for (let i = 0; i < speech; i++) {
    const t = i / rate;
    const syllable = Math.max(0, Math.sin((Math.PI * t * 1000) / (speechMs / (2 + (seed % 3)))));
    const voice = 0.5 * Math.sin(2 * Math.PI * (130 + 15 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * (700 + 50 * seed) * t) + 0.1 * Math.sin(2 * Math.PI * 2500 * t);
    pcm[silence + i] = Math.round(voice * syllable * 9_000);
  }
  return encodeWav(pcm, rate);
}

describe('the silence an MP3 is heard with', () => {
  it('predicts the frames LAME writes, as ffprobe counts them', async () => {
    for (const rate of [22_050, 24_000]) {
      for (const samples of [1_000, 19_647, 20_756, 26_502, 28_270, 44_100]) {
        const file = join(temp.dir, `frames-${rate}-${samples}.mp3`);
        await writeFile(
          file,
          await encodeMp3(
            new Float32Array(samples).map((_, i) => 0.3 * Math.sin(i / 7)),
            rate,
          ),
        );
        const { leadSamples, tailSamples } = mp3Timeline(samples, rate);
        expect(leadSamples + samples + tailSamples, `${samples} samples at ${rate} Hz`).toBe(await decodedSamples(file));
      }
    }
  });

  it('makes a short MP3 clip read what we report, the codec level loss made up for (ffmpeg ebur128)', async () => {
    const shaping = shapingOf({});
    for (const [speechMs, seed] of [
      [420, 1],
      [610, 2],
      [730, 3],
      [880, 4],
      [1_050, 5],
    ] as const) {
      const delivered = await deliverFromMaster(master(22_050, speechMs, seed), { format: 'mp3', shaping });
      const file = join(temp.dir, `clip-${speechMs}.mp3`);
      await writeFile(file, delivered.bytes);
      const heard = await ffmpegLoudness(file);
      // LAME leaves a file ~0.45 LU quieter than its samples (output/mp3-level.ts): without the make-up
      // these clips read -18.3 to -18.7.
      const loss = delivered.loudnessLufs! - heard.integrated;
      expect(Math.abs(loss), `${speechMs} ms: reported ${delivered.loudnessLufs}, ffmpeg ${heard.integrated}`).toBeLessThanOrEqual(0.25);
      expect(Math.abs(heard.integrated + 18)).toBeLessThanOrEqual(0.3);
      expect(heard.truePeak).toBeLessThanOrEqual(-1.5);
    }
  });
});
