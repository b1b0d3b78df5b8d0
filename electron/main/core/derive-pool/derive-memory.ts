import { totalmem } from 'node:os';
import { layOutPlan } from '../deliver/track-render';
import { parseWavHeader } from '../output/wav';
import type { DeriveTask, TrackTask } from './derive-tasks';

/**
 * How much memory a derive worker may take, and what a task that runs out of it says.
 *
 * `resourceLimits.maxOldGenerationSizeMb` caps a worker's V8 heap: the task's JS objects (the track
 * plan with its render jobs, the masters record, chapters, the tags) and the module code. The audio
 * itself (masters, Float32 layouts, the MP3 encoder's wasm memory) lives in ArrayBuffers outside that
 * heap, which no worker limit caps: TRACK_AUDIO_BUDGET_BYTES bounds those. Measured
 * (docs/derive-memory.md): the plan of a per:"course" track of a 10 000-phrase course needs 40-48 MB
 * of heap, a 1.9 h track of 400 phrases fits 16 MB, a worker started from source boots in 12-16 MB;
 * the cap leaves five times the largest.
 */
export const DERIVE_HEAP_LIMIT_MB = 256;

/**
 * The audio a track may lay out in one worker: half the machine's memory. The worker's heap cap does
 * not reach ArrayBuffers, so a track whose buffers would pass this is refused before any is allocated
 * (a per:"course" track of the sample's drill over 10 000 phrases is ~48 h of audio: ~30 GB of buffers).
 */
export const TRACK_AUDIO_BUDGET_BYTES = Math.floor(totalmem() / 2);

/**
 * What a track's audio buffers take at their largest, from its masters and layout (an upper bound:
 * each clip as long as its master plus its padding): at the masters' rate the Float32 layout, its
 * Int16 copy and the encoded WAV (4 + 2 + 2 bytes a sample); when the delivered rate differs, also the
 * resampler's Float32 input, then its Float32 output, Int16 and WAV at the delivered rate (4, 4 + 2 + 2).
 * Measured: a 1.9 h track peaked ~740 MB over the process's baseline (~4.9 bytes a sample) against
 * 8 estimated.
 */
export function trackAudioBytes(task: TrackTask): number {
  return audioBytesOf(task, trackLength(task));
}

/** trackAudioBytes for a length already found. */
function audioBytesOf(task: TrackTask, { native, rate }: { native: number; rate: number }): number {
  if (!rate) return 0;
  if (!task.sampleRate || task.sampleRate === rate) return Math.ceil(native * 8);
  return Math.ceil(native * 10 + native * (task.sampleRate / rate) * 8);
}

/** A track's longest length in samples at the masters' rate, and that rate (0: no clip has a master). */
function trackLength(task: TrackTask): { native: number; rate: number } {
  const measured = new Map<string, { rate: number; samples: number }>();
  const clipOf = (key: string): { rate: number; samples: number } => {
    let clip = measured.get(key);
    if (!clip) {
      const setting = task.clips[key];
      const master = setting && task.masters[setting.master];
      const info = master ? parseWavHeader(master.wav) : undefined;
      const padMs = setting?.shaping.silence ? setting.shaping.silence.leadMs + setting.shaping.silence.tailMs : 0;
      clip = info ? { rate: info.sampleRate, samples: info.dataBytes / info.blockAlign + (padMs / 1000) * info.sampleRate } : { rate: 0, samples: 0 };
      measured.set(key, clip);
    }
    return clip;
  };
  // The masters' rate: the first clip's that has one (a track's clips come from one engine).
  let rate = 0;
  for (const phrase of task.plan.phrases) for (const part of phrase.parts) if (!rate && part.kind === 'clip') rate = clipOf(part.job.key).rate;
  if (!rate) return { native: 0, rate: 0 };
  // Laid out as the worker will lay it out (track-render.ts), each clip at its longest.
  return { native: layOutPlan(task.plan, (key) => clipOf(key).samples, rate).length, rate };
}

/** The most PCM a WAV file can hold: its RIFF sizes are 32-bit (the header is 44 bytes). */
const MAX_WAV_DATA_BYTES = 0xffff_ffff - 36;

/**
 * The refusal of a track whose buffers would not fit `budgetBytes`, or that a WAV file cannot hold
 * (past 4 GB its 32-bit sizes wrap: a corrupt file; ~27 h at 22.05 kHz): undefined when it fits.
 */
export function trackTooLargeMessage(task: TrackTask, budgetBytes: number): string | undefined {
  const { plan } = task;
  const mb = (value: number): string => `${Math.round(value / 1e6).toLocaleString('en-US')} MB`;
  const length = trackLength(task);
  if (task.format === 'wav') {
    const { native, rate } = length;
    const wavBytes = rate ? native * ((task.sampleRate ?? rate) / rate) * 2 : 0;
    if (wavBytes > MAX_WAV_DATA_BYTES)
      return (
        `Track ${plan.file} (track "${plan.track}", ${plan.phrases.length} phrases) would be a ~${mb(wavBytes)} WAV file; a WAV file holds at most 4,295 MB: ` +
        `build it in smaller files (per: "lesson" in the course's track "${plan.track}") or as MP3`
      );
  }
  const bytes = audioBytesOf(task, length);
  if (bytes <= budgetBytes) return undefined;
  return (
    `Track ${plan.file} (track "${plan.track}", ${plan.phrases.length} phrases) would take ~${mb(bytes)} of audio buffers, over the ${mb(budgetBytes)} ` +
    `it may use on this machine: build it in smaller files (per: "lesson" in the course's track "${plan.track}"), or give it fewer phrases`
  );
}

/**
 * The sentence for a task that ran its worker out of memory (the worker was killed with
 * ERR_WORKER_OUT_OF_MEMORY, or an audio buffer could not be allocated): what it was and what to do.
 * Undefined for any other failure.
 */
export function outOfMemoryMessage(task: DeriveTask, error: { readonly code?: unknown; readonly message: string }, heapLimitMb: number): string | undefined {
  if (!isOutOfMemory(error)) return undefined;
  const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `more than a derive worker's ${heapLimitMb} MB heap` : `more memory than the machine could give (${error.message})`;
  if (task.kind === 'track') {
    const { plan } = task;
    return (
      `Track ${plan.file} (track "${plan.track}", ${plan.phrases.length} phrases) needs ${why}: ` +
      `build it in smaller files (per: "lesson" in the course's track "${plan.track}"), or give it fewer phrases`
    );
  }
  const text = task.spoken.text.length > 40 ? `${task.spoken.text.slice(0, 40)}…` : task.spoken.text;
  return `Deriving the clip of "${text}" needs ${why}: split the phrase into shorter ones`;
}

function isOutOfMemory(error: { readonly code?: unknown; readonly message: string }): boolean {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /Array buffer allocation failed|Invalid typed array length/.test(error.message);
}
