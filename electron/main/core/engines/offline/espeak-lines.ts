/**
 * The lines the eSpeak worker feeds to eSpeak NG for one job.
 *
 * The worker runs eSpeak NG's own command-line program (`espeak-ng -m`, compiled to WebAssembly)
 * once, reading SSML from standard input one line per utterance (espeak-worker.mjs says why). The
 * program's voice, rate and pitch options are read once at its start, so each line carries its own:
 * `<speak><voice name="roa/es"><prosody pitch="50" rate="70%">...</prosody></voice></speak>`.
 *
 * Measured against Debian's `espeak-ng -v V -s W -p P` (tests/integration/offline/espeak-lines.test.ts):
 * the same speech length (within 0.1 %) and rough frequency; only the pause after the last word differs
 * (eSpeak sizes it by the program's base rate, 175 wpm), and the delivery trims and pads that edge anyway.
 * (Within one Debian 1.51 binary, `-s 122` and `rate="70%"` even give the same samples.)
 *
 * A line is at most MAX_LINE_BYTES: the program reads lines with `fgets` into 1000 bytes and would
 * split a longer one in the middle of the markup. Longer input is cut between sentences (else between
 * words) outside any element, into several lines whose audio the worker joins.
 */
import { ESPEAK_BASE_WPM } from './espeak-ssml';

/** Bytes per line including the newline: under the program's 1000-byte `fgets` and its 1024-byte stdin buffer. */
export const MAX_LINE_BYTES = 990;

/** An SSML input eSpeak cannot take in lines (one element longer than a line): a bad request. */
export class EspeakInputTooLongError extends Error {}

/**
 * eSpeak SSML rate percentages that give exactly `wpm` from the 175 wpm base. eSpeak applies a
 * percentage as `floor(current * percent / 100)` and takes whole percents only, so one level reaches
 * only some speeds (70% -> 122); two nested levels reach every speed from 80 to 450: 57% gives 99,
 * and `floor(99 * p / 100)` steps by less than one.
 */
export function ratePercents(wpm: number): number[] {
  if (!Number.isInteger(wpm) || wpm < 1) throw new RangeError(`rate must be a whole number of words per minute, got ${wpm}`);
  if (wpm === ESPEAK_BASE_WPM) return [];
  const single = Math.ceil((wpm * 100) / ESPEAK_BASE_WPM);
  if (Math.floor((ESPEAK_BASE_WPM * single) / 100) === wpm) return [single];
  const base = Math.floor((ESPEAK_BASE_WPM * 57) / 100); // 99
  for (let p = Math.ceil((wpm * 100) / base); p <= Math.ceil((wpm * 100) / base) + 2; p++) {
    if (Math.floor((base * p) / 100) === wpm) return [57, p];
  }
  throw new RangeError(`no eSpeak rate percentages give ${wpm} wpm`);
}

/** `input`: SSML already rewritten for eSpeak (`toEspeakSsml`, one `<speak>` element). */
export function espeakLines(input: string, voice: string, wpm: number, pitch: number): string[] {
  const rates = ratePercents(wpm);
  const open =
    `<speak><voice name="${voice}"><prosody pitch="${Math.round(pitch)}"${rates.length > 0 ? ` rate="${rates[0]}%"` : ''}>` +
    (rates.length > 1 ? `<prosody rate="${rates[1]}%">` : '');
  const close = (rates.length > 1 ? '</prosody>' : '') + '</prosody></voice></speak>';
  // One line per utterance: a newline in the text (whitespace to SSML) would end the line early.
  const inner = input
    .replace(/^\s*<speak>/, '')
    .replace(/<\/speak>\s*$/, '')
    .replace(/[\r\n\u0000]+/g, ' ');
  const room = MAX_LINE_BYTES - 1 - bytes(open) - bytes(close);
  return piecesOf(inner, room).map((piece) => open + piece + close);
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * `inner` cut into pieces of at most `room` bytes, outside any element: after a sentence end if one
 * fits, else after a space, else between two characters (a text with no spaces at all, e.g. a
 * Chinese paragraph with no sentence end in reach).
 */
function piecesOf(inner: string, room: number): string[] {
  if (bytes(inner) <= room) return [inner];
  const cuts = cutPoints(inner);
  // UTF-8 bytes before each UTF-16 offset, once, so a piece's size is a subtraction.
  const byteAt = new Array<number>(inner.length + 1);
  byteAt[0] = 0;
  let offset = 0;
  for (const char of inner) {
    // By code point: no cut falls between the halves of a surrogate pair, so none is needed there.
    byteAt[offset + char.length] = byteAt[offset]! + bytes(char);
    offset += char.length;
  }
  const pieces: string[] = [];
  let start = 0;
  while (byteAt[inner.length]! - byteAt[start]! > room) {
    const fits = (at: number): boolean => at > start && byteAt[at]! - byteAt[start]! <= room;
    const at = findLast(cuts.sentence, fits) ?? findLast(cuts.space, fits) ?? findLast(cuts.character, fits);
    if (at === undefined) {
      throw new EspeakInputTooLongError(
        `an element of ${byteAt[inner.length]! - byteAt[start]!} bytes (markup around text) is longer than the ${room} bytes eSpeak reads at once; split the phrase`,
      );
    }
    pieces.push(inner.slice(start, at));
    start = at;
  }
  pieces.push(inner.slice(start));
  return pieces.filter((piece) => piece.trim() !== '');
}

/** The last of the ascending `offsets` that `fits` (they fit up to some offset, then no more). */
function findLast(offsets: readonly number[], fits: (at: number) => boolean): number | undefined {
  for (let i = offsets.length - 1; i >= 0; i--) if (fits(offsets[i]!)) return offsets[i];
  return undefined;
}

/** Sentence punctuation that needs no space after it (CJK full-width marks). */
const FULL_WIDTH_SENTENCE_END = /[。！？；]/;
const SENTENCE_END = /[.!?;:]/;

/**
 * Offsets where a piece may end, at element depth 0 (never inside a tag, an element or an entity,
 * never between the halves of a surrogate pair): after a sentence end, after a space, after any character.
 */
function cutPoints(inner: string): { sentence: number[]; space: number[]; character: number[] } {
  const sentence: number[] = [];
  const space: number[] = [];
  const character: number[] = [];
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i]!;
    if (char === '<') {
      const end = inner.indexOf('>', i);
      if (end < 0) break;
      const tag = inner.slice(i, end + 1);
      if (tag.startsWith('</')) depth = Math.max(0, depth - 1);
      else if (!tag.endsWith('/>')) depth++;
      i = end;
      if (depth === 0) character.push(i + 1);
      continue;
    }
    if (char === '&') {
      const end = inner.indexOf(';', i);
      if (end > i) i = end;
    } else if (/[\uD800-\uDBFF]/.test(char)) {
      i++;
    }
    if (depth > 0) continue;
    character.push(i + 1);
    if (/\s/.test(char)) {
      space.push(i + 1);
      if (SENTENCE_END.test(inner[i - 1] ?? '')) sentence.push(i + 1);
    } else if (FULL_WIDTH_SENTENCE_END.test(char)) {
      sentence.push(i + 1);
    }
  }
  return { sentence, space, character };
}
