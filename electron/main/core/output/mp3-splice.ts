/**
 * One MP3 stream spliced from independently encoded segments and silent frames, placed on a planned
 * timeline: how a lesson track (mostly pauses, clips played more than once) is written without
 * encoding its pauses or any clip twice (deliver/track-mp3.ts).
 *
 * Why the result is one valid stream: every MPEG layer III frame starts with its own header, and a
 * frame reaches back into earlier frames' bytes only by its main_data_begin. The first frame of a LAME
 * stream has main_data_begin 0, LAME's flush leaves the stream's last frame holding its own data, a
 * piece cut from a shared stream (mp3-pieces.ts) has no frame reaching back before its first, and a
 * silent frame (mp3-silent-frame.ts) has main_data_begin 0 and no data at all. So no frame borrows
 * across a splice, every frame has the same version, rate, bitrate and mode, and a decoder runs through
 * it as through one stream (ffmpeg decodes it without an error: tests/unit/output/mp3-splice.test.ts).
 *
 * The timeline: a segment of n samples encoded alone decodes to whole frames, MP3_HEARD_DELAY (1105)
 * samples of codec delay first, then its samples, then padding (mp3-timeline.ts); a cut piece says its
 * own lead. Every segment starts at the frame that puts its first sample nearest MP3_HEARD_DELAY after
 * its planned position, within half a frame, wherever it sits: the silence after a segment is the
 * planned pause minus the segment's overhead, counted from the plan, so no error accumulates.
 */
import type { Mp3Bitrate } from './mp3';
import { frameBytesAt, mp3FrameFormat, padsSilentFrame, silentMp3Frame, type Mp3FrameFormat } from './mp3-silent-frame';
import { MP3_HEARD_DELAY } from './mp3-timeline';

export interface SplicePiece {
  /** Planned position of the segment's first sample, in samples from the track's start. */
  readonly at: number;
  /** How many frames the segment's stream holds. */
  readonly frames: number;
  /** Samples its stream decodes to before the segment's first sample; default MP3_HEARD_DELAY (a stream of its own). */
  readonly lead?: number;
}

export interface SpliceTimeline {
  /** Per piece, in order: the frame its stream starts at (silent frames fill the frames before it). */
  readonly startFrames: readonly number[];
  /** Per piece: the sample at which its first sample is heard (startFrame x frame + its lead). */
  readonly heardStarts: readonly number[];
  /** Frames in the whole stream: the last piece, then silence up to the planned end (shifted like the pieces). */
  readonly totalFrames: number;
  /** totalFrames x samples per frame: what a decoder outputs. */
  readonly totalSamples: number;
}

/**
 * Where each piece goes: at the frame nearest its planned position (never overlapping the piece
 * before), and the stream ends at the frame nearest the planned end plus the codec delay.
 */
export function spliceTimeline(pieces: readonly SplicePiece[], plannedLength: number, samplesPerFrame: number): SpliceTimeline {
  const startFrames: number[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const start = Math.max(cursor, Math.round((piece.at + MP3_HEARD_DELAY - (piece.lead ?? MP3_HEARD_DELAY)) / samplesPerFrame));
    startFrames.push(start);
    cursor = start + piece.frames;
  }
  const totalFrames = Math.max(cursor, Math.round((plannedLength + MP3_HEARD_DELAY) / samplesPerFrame));
  return {
    startFrames,
    heardStarts: startFrames.map((start, index) => start * samplesPerFrame + (pieces[index]!.lead ?? MP3_HEARD_DELAY)),
    totalFrames,
    totalSamples: totalFrames * samplesPerFrame,
  };
}

/** A segment encoded as its own MP3 stream (bare frames, mp3.ts) or cut from a shared one (mp3-pieces.ts), placed at `at` samples. */
export interface SpliceSegment {
  readonly at: number;
  readonly stream: Uint8Array;
  /** Samples the stream decodes to before the segment's first sample; default MP3_HEARD_DELAY. */
  readonly lead?: number;
}

export interface SplicedMp3 extends SpliceTimeline {
  readonly bytes: Uint8Array;
}

/**
 * The segments' streams and silent frames as one CBR stream at `sampleRate` and `bitrate` (the
 * streams must be in that format: mp3.ts's encodeMp3 at that rate and bitrate). A stream given for
 * several segments (a clip played twice) is copied, not encoded again.
 */
export function spliceMp3(segments: readonly SpliceSegment[], plannedLength: number, sampleRate: number, bitrate: Mp3Bitrate): SplicedMp3 {
  const format = mp3FrameFormat(sampleRate, bitrate);
  const frameCounts = new Map<Uint8Array, number>();
  const pieces = segments.map((segment) => {
    let frames = frameCounts.get(segment.stream);
    if (frames === undefined) frameCounts.set(segment.stream, (frames = countFrames(segment.stream, format)));
    // Every piece with the same fields (the default lead written out): one object shape for the timeline's loop.
    return { at: segment.at, frames, lead: segment.lead ?? MP3_HEARD_DELAY };
  });
  const timeline = spliceTimeline(pieces, plannedLength, format.samplesPerFrame);
  const parts: Uint8Array[] = [];
  let frames = 0;
  let bytes = 0;
  const silence = (until: number): void => {
    for (; frames < until; frames++) {
      const frame = silentMp3Frame(format, padsSilentFrame(format, frames, bytes));
      parts.push(frame);
      bytes += frame.length;
    }
  };
  segments.forEach((segment, index) => {
    silence(timeline.startFrames[index]!);
    parts.push(segment.stream);
    bytes += segment.stream.length;
    frames += pieces[index]!.frames;
  });
  silence(timeline.totalFrames);
  const out = new Uint8Array(bytes);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return { ...timeline, bytes: out };
}

/** The frames of a bare CBR stream in `format`; throws if anything else is in it (a splice must not carry junk). */
function countFrames(stream: Uint8Array, format: Mp3FrameFormat): number {
  let frames = 0;
  for (let offset = 0; offset < stream.length; frames++) {
    const size = frameBytesAt(stream, offset, format);
    if (size === undefined || offset + size > stream.length)
      throw new Error(`An MP3 segment is not a bare ${format.sampleRate} Hz ${format.bitrate} kbps mono stream at byte ${offset}: it cannot be spliced`);
    offset += size;
  }
  return frames;
}
