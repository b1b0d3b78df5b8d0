/**
 * Several segments encoded by LAME in one run and cut apart into pieces that splice like independent
 * streams (mp3-splice.ts). Setting LAME up costs ~1.2 ms of CPU per stream (`configure()`), as much as
 * a third of a second of speech, and a lesson track has dozens of distinct clips; LAME
 * has no gapless flush to reuse a stream. So the segments go into one stream, GAP_FRAMES of digital
 * silence apart, and the stream is cut where it is silent:
 *
 * - A frame is empty when its granules carry no Huffman data (part2_3_length 0): it decodes to zero
 *   spectral lines. LAME writes such frames for digital silence.
 * - A segment's piece runs from a cut frame to its last non-empty frame. The cut sits early enough that
 *   every non-empty frame of the piece finds the bytes its main_data_begin points back to inside the
 *   piece, and after at least two empty frames, so the decoder's overlap and synthesis-filter state at
 *   the cut is silence, as after a silent frame. The frames from the cut to the first sound are empty
 *   (or borrow nothing): their main_data_begin is moved up to the cut where it pointed before it (the
 *   cut frame's to 0), so nothing in a piece reaches before it, and a decoder still keeps every byte
 *   the first sound borrows (a frame's main_data_begin also tells it which earlier bytes to keep).
 *   A piece then decodes in a splice exactly as that stretch of the one stream decodes
 *   (tests/unit/output/mp3-pieces.test.ts checks this with ffmpeg).
 * - Its lead (samples heard before the segment's first sample) is no longer LAME's fixed delay: it is
 *   where the segment sat in the stream, less where the piece starts.
 *
 * Any segment whose cut cannot be proven that way is encoded on its own, as an independent stream.
 */
import { encodeMp3, type Mp3Bitrate } from './mp3';
import { frameBytesAt, mp3FrameFormat, type Mp3FrameFormat } from './mp3-silent-frame';
import { MP3_HEARD_DELAY } from './mp3-timeline';

export interface Mp3Piece {
  /** Whole frames, ready to splice. */
  readonly stream: Uint8Array;
  /** Samples decoded from the piece's first frame before the segment's first sample. */
  readonly lead: number;
}

/**
 * Silence between segments in the shared stream: room for LAME's look-ahead and delay after a segment,
 * two empty frames, and the reservoir reach of the next one. LAME spends about a third as much CPU on a
 * second of silence as on speech, so the gap is kept tight: with 8, no segment of the sample course
 * (450 segments, 22.05 kHz 64 kbps) falls back to a stream of its own, as none did with 7 or the former
 * 10; with 6, 87 did (tests/unit/output/mp3-pieces.test.ts fails then: its pieces must all be cut).
 */
const GAP_FRAMES = 8;
/** Empty frames the cut must follow, so the decoder's state there is silence. */
const SETTLING_FRAMES = 2;

interface FrameInfo {
  readonly offset: number;
  readonly size: number;
  /** Where the frame's main data area starts, counted in main-data bytes from the stream's start. */
  readonly areaStart: number;
  readonly mainDataBegin: number;
  readonly empty: boolean;
}

/** Each segment (mono 16-bit PCM, or floats in [-1, 1], at `sampleRate`) as a piece to splice, in order. */
export async function encodeMp3Pieces(segments: readonly Int16Array[] | readonly Float32Array[], sampleRate: number, bitrate: Mp3Bitrate): Promise<Mp3Piece[]> {
  const format = mp3FrameFormat(sampleRate, bitrate);
  const frame = format.samplesPerFrame;
  if (segments.length < 2) return Promise.all(segments.map((segment) => alone(segment, sampleRate, bitrate)));
  const starts: number[] = [];
  let length = 0;
  for (const segment of segments) {
    starts.push(length);
    length += segment.length + GAP_FRAMES * frame;
  }
  // Fed to LAME one after the other with the gap's zeros between them, never joined: a course-long
  // track's segments are hours of audio, and a joined copy was 4 bytes a sample more at its peak.
  const stream = await encodeMp3(withGaps(segments, GAP_FRAMES * frame), sampleRate, { bitrate });
  const frames = framesOf(stream, format);
  let previousLast = -1; // the last non-empty frame of the piece before
  const pieces: Array<Mp3Piece | undefined> = segments.map((segment, index) => {
    // The segment's frames: those before the middle of the gap after it (output runs MP3_HEARD_DELAY behind input).
    const from = previousLast + 1;
    const until = Math.min(frames.length, Math.floor((starts[index]! + segment.length + (GAP_FRAMES * frame) / 2 + MP3_HEARD_DELAY) / frame));
    let first = from;
    while (first < until && frames[first]!.empty) first++;
    let last = until - 1;
    while (last >= first && frames[last]!.empty) last--;
    if (last < first) return undefined;
    // Back from the first non-empty frame until no frame of the piece borrows from before the cut.
    let cut = first;
    let reach = Infinity;
    for (let f = first; f <= last; f++) if (!frames[f]!.empty) reach = Math.min(reach, frames[f]!.areaStart - frames[f]!.mainDataBegin);
    while (cut > from && frames[cut]!.areaStart > reach) cut--;
    const settled = cut === 0 || cut - SETTLING_FRAMES > previousLast;
    const cutOk = frames[cut]!.areaStart <= reach && (frames[cut]!.empty || frames[cut]!.mainDataBegin === 0);
    previousLast = last;
    if (!settled || !cutOk) return undefined;
    const bytes = stream.slice(frames[cut]!.offset, frames[last]!.offset + frames[last]!.size);
    // The empty frames before the first sound read nothing, but a decoder keeps the bytes from where
    // each says its data begins: each now begins no earlier than the piece (the cut frame at its own
    // area), and no later than before, so the bytes the first sound borrows are kept.
    for (let f = cut; f < first; f++) {
      const mainDataBegin = Math.min(frames[f]!.mainDataBegin, frames[f]!.areaStart - frames[cut]!.areaStart);
      setMainDataBegin(bytes, frames[f]!.offset - frames[cut]!.offset, mainDataBegin, format);
    }
    return { stream: bytes, lead: starts[index]! + MP3_HEARD_DELAY - cut * frame };
  });
  return Promise.all(pieces.map((piece, index) => piece ?? alone(segments[index]!, sampleRate, bitrate)));
}

/** A segment as its own stream: LAME's delays before it. */
/** The segments, each followed by `gap` zero samples of the same type (one zero array, shared). */
function withGaps(segments: readonly Int16Array[] | readonly Float32Array[], gap: number): readonly Int16Array[] | readonly Float32Array[] {
  if (segments[0] instanceof Float32Array) {
    const zeros = new Float32Array(gap);
    return (segments as readonly Float32Array[]).flatMap((segment) => [segment, zeros]);
  }
  const zeros = new Int16Array(gap);
  return (segments as readonly Int16Array[]).flatMap((segment) => [segment, zeros]);
}

async function alone(segment: Int16Array | Float32Array, sampleRate: number, bitrate: Mp3Bitrate): Promise<Mp3Piece> {
  return { stream: await encodeMp3(segment, sampleRate, { bitrate }), lead: MP3_HEARD_DELAY };
}

/** Side info of a mono layer III frame: 17 bytes (MPEG-1, two granules) or 9 (MPEG-2/2.5, one). */
function sideInfoOf(format: Mp3FrameFormat): { bytes: number; mainDataBeginBits: number; part23Offsets: number[] } {
  return format.version === 1 ? { bytes: 17, mainDataBeginBits: 9, part23Offsets: [18, 18 + 59] } : { bytes: 9, mainDataBeginBits: 8, part23Offsets: [9] };
}

function framesOf(stream: Uint8Array, format: Mp3FrameFormat): FrameInfo[] {
  const side = sideInfoOf(format);
  const frames: FrameInfo[] = [];
  let areaStart = 0;
  for (let offset = 0; offset < stream.length;) {
    const size = frameBytesAt(stream, offset, format);
    if (size === undefined || offset + size > stream.length)
      throw new Error(`LAME wrote something other than ${format.sampleRate} Hz ${format.bitrate} kbps mono frames at byte ${offset}`);
    let empty = true;
    for (const bit of side.part23Offsets) if (sideInfoBits(stream, offset, bit, 12) !== 0) empty = false;
    frames.push({ offset, size, areaStart, mainDataBegin: sideInfoBits(stream, offset, 0, side.mainDataBeginBits), empty });
    areaStart += size - 4 - side.bytes;
    offset += size;
  }
  return frames;
}

/**
 * `count` bits of the side info of the frame at `offset`, from bit `bit` on (a top-level function: a
 * closure made for every frame had V8 recompile framesOf as it met new ones).
 */
function sideInfoBits(stream: Uint8Array, offset: number, bit: number, count: number): number {
  let value = 0;
  for (let i = bit; i < bit + count; i++) value = (value << 1) | ((stream[offset + 4 + (i >> 3)]! >> (7 - (i & 7))) & 1);
  return value;
}

/** Sets main_data_begin of the frame at `offset` (8 bits in MPEG-2/2.5, 9 in MPEG-1). */
function setMainDataBegin(bytes: Uint8Array, offset: number, value: number, format: Mp3FrameFormat): void {
  if (sideInfoOf(format).mainDataBeginBits === 9) {
    bytes[offset + 4] = value >> 1;
    bytes[offset + 5] = (bytes[offset + 5]! & 0x7f) | ((value & 1) << 7);
  } else bytes[offset + 4] = value;
}
