/**
 * Independent measurements of delivered audio (never the code under test): ffmpeg's ebur128 filter
 * for integrated loudness and true peak, ffmpeg's decoder for the samples, ffprobe for tags.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Integrated loudness (LUFS) and true peak (dBTP) by `ffmpeg -af ebur128=peak=true`. */
export async function ffmpegLoudness(file: string): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await exec('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { maxBuffer: 64 << 20 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = Number(/I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary)?.[1]);
  const peak = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1];
  if (!Number.isFinite(integrated) || peak === undefined) throw new Error(`ffmpeg ebur128 gave no summary for ${file}:\n${summary}`);
  return { integrated, truePeak: peak === '-inf' ? -Infinity : Number(peak) };
}

/**
 * True peak (dBTP) by ffmpeg's ebur128 filter to three decimals of its linear value: the summary's
 * one decimal in dB hides a file 0.04 dB over a ceiling (-0.96 prints as -1.0).
 */
export async function ffmpegTruePeakDbtp(file: string): Promise<number> {
  const { stderr } = await exec(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=peak=true:metadata=1,ametadata=print:key=lavfi.r128.true_peaks_ch0', '-f', 'null', '-'],
    { maxBuffer: 256 << 20 },
  );
  const peaks = [...stderr.matchAll(/true_peaks_ch0=(-?[\d.]+)/g)].map((match) => Number(match[1]));
  if (!peaks.length) throw new Error(`ffmpeg ebur128 gave no true peak for ${file}`);
  const peak = Math.max(...peaks);
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
}

/** The file decoded by ffmpeg to mono float samples, and its rate. */
export async function ffmpegSamples(file: string, sampleRate: number): Promise<Float32Array> {
  const { stdout } = await exec('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-'], {
    encoding: 'buffer',
    maxBuffer: 256 << 20,
  });
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.byteLength));
}

/** Milliseconds of silence (|sample| under -50 dBFS) at the start and at the end of `samples`. */
export function edgeSilenceMs(samples: Float32Array, sampleRate: number): { leadMs: number; tailMs: number } {
  const threshold = 10 ** (-50 / 20);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < threshold) last--;
  return { leadMs: (first / sampleRate) * 1000, tailMs: ((samples.length - 1 - last) / sampleRate) * 1000 };
}
