/**
 * Test helper: decode audio with Debian `sox` (+ `libsox-fmt-mp3` for MP3) to prove a file really
 * decodes, and measure it independently of our own parsers.
 *
 * - `sox --i -D file`  duration from the header (WAV) or sox's frame scan (MP3)
 * - `sox file -n stat`  full decode: samples read, RMS and max amplitude
 * - `sox file -n stats` full decode: RMS level in dB
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { withTempFolder } from './temp-folder';

const run = promisify(execFile);

export interface DecodedAudio {
  /** `sox --i -D`, seconds. */
  readonly durationSec: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** Samples actually decoded (all channels), from `stat`. */
  readonly samplesRead: number;
  /** samplesRead / channels / sampleRate, seconds: what a full decode produced. */
  readonly decodedSec: number;
  /** Linear RMS amplitude, 0..1, from `stat`. */
  readonly rmsAmplitude: number;
  readonly maxAmplitude: number;
  /** RMS level in dBFS from `stats` (-Infinity for digital silence). */
  readonly rmsDb: number;
}

const MISSING_SOX = 'sox is not installed (or not on PATH): the audio decode checks need Debian `sox` and `libsox-fmt-mp3` (apt-get install sox libsox-fmt-mp3)';

async function sox(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run('sox', [...args], { maxBuffer: 4 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(MISSING_SOX);
    const stderr = e.stderr ?? '';
    if (/no handler for (file extension|detected file type) .?mp3/i.test(stderr)) {
      throw new Error(`sox cannot read MP3: install libsox-fmt-mp3 (apt-get install libsox-fmt-mp3). sox said: ${stderr.trim()}`);
    }
    throw new Error(`sox ${args.join(' ')} failed: ${stderr.trim() || e.message}`);
  }
}

/** Throws a clear error when sox (or its MP3 support) is missing. */
export async function assertSoxAvailable(): Promise<void> {
  const { stdout } = await sox(['--help']).catch((error: Error) => {
    throw error.message === MISSING_SOX ? error : new Error(MISSING_SOX);
  });
  if (!/AUDIO FILE FORMATS:.*\bmp3\b/s.test(stdout)) {
    throw new Error('sox has no MP3 support: install libsox-fmt-mp3 (apt-get install libsox-fmt-mp3)');
  }
}

function field(text: string, label: string): number {
  const match = new RegExp(`^${label}:?\\s+(-?[\\d.]+|-inf)`, 'mi').exec(text);
  if (!match?.[1]) throw new Error(`sox output has no "${label}":\n${text}`);
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

/** Decodes a file with sox and reports its duration and levels. */
export async function decodeWithSox(file: string): Promise<DecodedAudio> {
  const [duration, rate, channels, stat, stats] = await Promise.all([
    sox(['--i', '-D', file]),
    sox(['--i', '-r', file]),
    sox(['--i', '-c', file]),
    sox([file, '-n', 'stat']),
    sox([file, '-n', 'stats']),
  ]);
  const sampleRate = Number(rate.stdout.trim());
  const channelCount = Number(channels.stdout.trim());
  const samplesRead = field(stat.stderr, 'Samples read');
  return {
    durationSec: Number(duration.stdout.trim()),
    sampleRate,
    channels: channelCount,
    samplesRead,
    decodedSec: samplesRead / channelCount / sampleRate,
    rmsAmplitude: field(stat.stderr, 'RMS\\s+amplitude'),
    maxAmplitude: field(stat.stderr, 'Maximum amplitude'),
    rmsDb: field(stats.stderr, 'RMS lev dB'),
  };
}

/** Writes bytes to a temp file with the right extension (sox picks the decoder by it) and decodes it. */
export function decodeBytesWithSox(bytes: Uint8Array, format: 'wav' | 'mp3'): Promise<DecodedAudio> {
  return withTempFolder('cas-decode-', async (dir) => {
    const file = path.join(dir, `audio.${format}`);
    await writeFile(file, bytes);
    return decodeWithSox(file);
  });
}

export interface ProbedAudio {
  readonly codec: string;
  readonly sampleRate: number;
  /** Frames ffprobe's decoder read (`-count_frames`: nb_read_frames). */
  readonly frames: number;
  /** The stream's duration as ffprobe states it, seconds (for MP3, from a Xing tag's frame count when there is one). */
  readonly durationSec: number;
  /** The container's duration, seconds. */
  readonly formatSec: number;
}

/** ffprobe decodes the whole file and counts its frames: an independent reading of any audio file. */
export async function probeAudio(file: string): Promise<ProbedAudio> {
  const entries = 'stream=codec_name,sample_rate,nb_read_frames,duration:format=duration';
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'a:0', '-show_entries', entries, '-of', 'json', file]);
  const info = JSON.parse(stdout) as {
    streams: Array<{ codec_name: string; sample_rate: string; nb_read_frames?: string; duration?: string }>;
    format: { duration: string };
  };
  const stream = info.streams[0];
  if (!stream) throw new Error(`ffprobe found no audio stream in ${file}`);
  const formatSec = Number(info.format.duration);
  return {
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    frames: Number(stream.nb_read_frames ?? Number.NaN),
    durationSec: stream.duration === undefined ? formatSec : Number(stream.duration),
    formatSec,
  };
}
