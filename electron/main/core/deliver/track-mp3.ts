import type { Mp3Bitrate } from '../output/mp3';
import { encodeMp3Pieces } from '../output/mp3-pieces';
import { lameFrameFormat } from '../output/mp3-silent-frame';
import { spliceMp3 } from '../output/mp3-splice';
import { MP3_HEARD_DELAY, mp3MaxOverhead, mp3SamplesPerFrame } from '../output/mp3-timeline';
import { resampleFloats } from '../output/resample';
import { scaled } from './limiter';
import { encodedUnderCeiling, mp3PeakNeedsCheck, samplePeakDb } from './mp3-peak-check';
import type { LoudnessTarget } from './shaping';
import type { TrackLayout } from './track-render';
import type { Chapter } from './track-tags';

/**
 * A rendered lesson track as MP3 without encoding the track: LAME costs about as much per second of
 * silence as a third of a second of speech, a track is mostly pauses, and it plays its clips more than
 * once. So each distinct segment (a clip, or clips closer together than a stream's codec overhead) is
 * resampled as the WAV track's samples are and encoded once, as floats (LAME works in floats: rounding
 * to Int16 first would only add a pass and its noise, ~4 % of the build): all of a track's
 * segments in one LAME run, cut into pieces that splice like independent streams (output/mp3-pieces.ts;
 * LAME's set-up per stream costs as much as a third of a second of speech), spliced with silent frames
 * for the pauses on the planned grid (output/mp3-splice.ts).
 * The chapters are read off the spliced timeline: where each phrase is heard, codec delays included.
 * The track's gain was applied to the clips already (track-render.ts): its loudness is the WAV track's.
 */
export interface TrackMp3 {
  /** Bare MPEG frames (no tags yet: track-tags.ts). */
  readonly bytes: Uint8Array;
  /** What a decoder outputs: frames x samples per frame. */
  readonly durationMs: number;
  /** Each phrase as heard in this file. */
  readonly chapters: Chapter[];
  /** Streams LAME encoded: one per distinct segment. */
  readonly encodedSegments: number;
}

/** A segment's piece: its samples from the first to the last that is not zero. */
interface Encoded {
  readonly stream: Uint8Array;
  /** Samples the piece decodes to before its first encoded sample. */
  readonly lead: number;
  /** Zero samples before the first encoded one. */
  readonly skipped: number;
}

interface Segment {
  /** First sample, at the layout's rate. */
  readonly at: number;
  length: number;
  readonly parts: Array<{ readonly key: string; readonly offset: number; readonly length: number }>;
}

/**
 * `layout` (at `layoutRate`) as an MP3 at `sampleRate` and `bitrate`, with its phrases' chapters as
 * heard. `loudness`: the course's target, whose true-peak ceiling the file must stay under as decoded (a low bitrate's coding
 * noise can lift a segment over it: deliver/mp3-peak-check.ts).
 */
export async function encodeTrackMp3(layout: TrackLayout, layoutRate: number, askedRate: number, askedBitrate: Mp3Bitrate, loudness?: LoudnessTarget): Promise<TrackMp3> {
  // What LAME writes for that pair (it may lower the rate or bitrate): the segments go in at that rate,
  // so LAME never resamples and every position below is in the file's own samples.
  const { sampleRate, bitrate } = await lameFrameFormat(askedRate, askedBitrate);
  const toOutput = (samples: number): number => Math.round((samples * sampleRate) / layoutRate);
  // Clips closer than this share a segment: the gap must hold the codec overhead after one piece and
  // the empty frames a piece starts with (up to ~5 frames before its first sound), or the next one
  // would be pushed later than planned.
  const minGap = Math.ceil(((mp3MaxOverhead(sampleRate) + 6 * mp3SamplesPerFrame(sampleRate)) * layoutRate) / sampleRate);
  const segments = segmentsOf(layout, minGap);
  // Each distinct segment's samples, without the digital silence at its edges (a shaped clip's lead
  // and tail): that is left to the silent frames around it.
  const distinct = new Map<string, { pcm: Float32Array; skipped: number } | undefined>();
  for (const segment of segments) {
    const key = keyOf(segment);
    if (distinct.has(key)) continue;
    const pcm = await resampleFloats(samplesOf(segment, layout), layoutRate, sampleRate);
    const { first, end } = soundingSpan(pcm);
    distinct.set(key, end > first ? { pcm: pcm.subarray(first, end), skipped: first } : undefined);
  }
  // All encoded in one LAME run and cut into pieces (output/mp3-pieces.ts).
  const sounding = [...distinct].flatMap(([key, value]) => (value ? [{ key, ...value }] : []));
  const pieces = await encodeMp3Pieces(
    sounding.map(({ pcm }) => pcm),
    sampleRate,
    bitrate,
  );
  for (const [index, { pcm }] of sounding.entries()) {
    if (!mp3PeakNeedsCheck(bitrate, loudness, () => samplePeakDb(pcm))) continue;
    // Encoded again alone, and lowered, only when its decoded peak is over (same length: same frames).
    const checked = await encodedUnderCeiling(
      async (gain) => (gain === 1 ? pieces[index]! : (await encodeMp3Pieces([scaled(pcm, gain)], sampleRate, bitrate))[0]!),
      (piece) => piece.stream,
      loudness.truePeak,
    );
    pieces[index] = checked.encoded;
  }
  const encoded = new Map<string, Encoded>(sounding.map(({ key, skipped }, index) => [key, { ...pieces[index]!, skipped }]));
  const placed = segments.flatMap((segment) => {
    const stream = encoded.get(keyOf(segment));
    return stream ? [{ segment, at: toOutput(segment.at) + stream.skipped, ...stream }] : [];
  });
  const spliced = spliceMp3(placed, toOutput(layout.length), sampleRate, bitrate);
  // Where a segment's first sample is heard: its first encoded sample's place, less the silence before
  // it; a segment of nothing but silence sits on the plan's grid.
  const heardStarts = new Map(placed.map(({ segment, skipped }, index) => [segment, spliced.heardStarts[index]! - skipped]));
  // Where each clip's first and last sample is planned and heard, in ms: the map chapters are read through.
  const anchors = segments.flatMap((segment) => {
    const heardMs = ((heardStarts.get(segment) ?? toOutput(segment.at) + MP3_HEARD_DELAY) / sampleRate) * 1000;
    const plannedMs = (segment.at / layoutRate) * 1000;
    return segment.parts.flatMap(({ offset, length }) => {
      const startMs = (offset / layoutRate) * 1000;
      const endMs = ((offset + length) / layoutRate) * 1000;
      return [
        { plannedMs: plannedMs + startMs, heardMs: heardMs + startMs },
        { plannedMs: plannedMs + endMs, heardMs: heardMs + endMs },
      ];
    });
  });
  const durationMs = (spliced.totalSamples / sampleRate) * 1000;
  const heard = (samples: number): number => Math.min(durationMs, heardMsOf((samples / layoutRate) * 1000, anchors));
  return {
    bytes: spliced.bytes,
    durationMs,
    chapters: layout.phrases.map(({ phrase, start, end }) => ({ phrase, startMs: heard(start), endMs: heard(end) })),
    encodedSegments: encoded.size,
  };
}

/** The layout's clips in order, grouped into segments: a clip less than `minGap` after the previous one joins its segment. */
function segmentsOf(layout: TrackLayout, minGap: number): Segment[] {
  const segments: Segment[] = [];
  for (const { key, at } of layout.placed) {
    const length = layout.clips.get(key)!.length;
    const last = segments.at(-1);
    if (last && at - (last.at + last.length) < minGap) {
      last.parts.push({ key, offset: at - last.at, length });
      last.length = Math.max(last.length, at + length - last.at);
    } else segments.push({ at, length, parts: [{ key, offset: 0, length }] });
  }
  return segments;
}

/**
 * Where `pcm` is not silent as 16-bit audio (samples under half a step round to 0 in the WAV track):
 * [first, end). A function of its own, as every per-sample loop here: V8
 * optimizes a small loop once, while a loop inside encodeTrackMp3 made it compile that whole
 * function again and again (~20 ms each, 11 times in a build of the sample course's tracks).
 */
function soundingSpan(pcm: Float32Array): { first: number; end: number } {
  let first = 0;
  let end = pcm.length;
  while (first < end && Math.abs(pcm[first]!) < HALF_STEP) first++;
  while (end > first && Math.abs(pcm[end - 1]!) < HALF_STEP) end--;
  return { first, end };
}

/** Half of a 16-bit step: what rounds to digital silence. */
const HALF_STEP = 0.5 / 32768;

/** Segments with the same clips at the same offsets have the same samples, so they share a stream. */
const keyOf = (segment: Segment): string => segment.parts.map(({ key, offset }) => `${offset}:${key}`).join('\n');

function samplesOf(segment: Segment, layout: TrackLayout): Float32Array {
  const [only] = segment.parts;
  if (segment.parts.length === 1 && only) return layout.clips.get(only.key)!;
  const samples = new Float32Array(segment.length);
  for (const { key, offset } of segment.parts) samples.set(layout.clips.get(key)!, offset);
  return samples;
}

/**
 * A planned time as heard: inside a clip it moves with the clip, in a pause it is spread evenly between
 * the heard end of the clip before and the heard start of the clip after; before the first clip and
 * after the last it keeps its distance to them.
 */
function heardMsOf(plannedMs: number, anchors: ReadonlyArray<{ plannedMs: number; heardMs: number }>): number {
  const first = anchors[0];
  const last = anchors.at(-1);
  if (!first || !last) return plannedMs;
  if (plannedMs <= first.plannedMs) return Math.max(0, first.heardMs - (first.plannedMs - plannedMs));
  if (plannedMs >= last.plannedMs) return last.heardMs + (plannedMs - last.plannedMs);
  let low = 0;
  let high = anchors.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (anchors[middle]!.plannedMs <= plannedMs) low = middle;
    else high = middle;
  }
  const before = anchors[low]!;
  const after = anchors[high]!;
  const span = after.plannedMs - before.plannedMs;
  return span > 0 ? before.heardMs + ((plannedMs - before.plannedMs) * (after.heardMs - before.heardMs)) / span : before.heardMs;
}
