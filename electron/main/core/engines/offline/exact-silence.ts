/**
 * Azure's exact leading / trailing silence (`<mstts:silence type="Leading-exact|Tailing-exact"
 * value="400ms"/>`) for the offline engine. eSpeak cannot say it (measured: a leading `<break>` is
 * ignored, a trailing one is scaled by the rate), so the PCM is edited instead: eSpeak's own quiet
 * edge is cut and exactly that much silence is put there, as Azure's "-exact" does.
 */

const SILENCE = /<mstts:silence\b[^>]*?\btype\s*=\s*"(Leading-exact|Tailing-exact)"[^>]*?\bvalue\s*=\s*"(\d+)(ms|s)"[^>]*\/>/gi;
/** Samples at or under this magnitude (about -54 dBFS) count as eSpeak's edge silence. */
const QUIET = 64;

export interface ExactSilence {
  readonly leadingMs?: number;
  readonly trailingMs?: number;
}

/** The exact silences an SSML asks for; `{}` when none (the audio is then left as eSpeak made it). */
export function exactSilenceOf(ssml: string): ExactSilence {
  const out: { leadingMs?: number; trailingMs?: number } = {};
  for (const match of ssml.matchAll(SILENCE)) {
    const ms = Number(match[2]) * (match[3]!.toLowerCase() === 's' ? 1000 : 1);
    if (match[1]!.toLowerCase() === 'leading-exact') out.leadingMs = ms;
    else out.trailingMs = ms;
  }
  return out;
}

/** `pcm` with its quiet edges replaced by exactly the silences asked for (an edge not asked for is kept). */
export function withExactSilence(pcm: Int16Array, sampleRate: number, silence: ExactSilence): Int16Array {
  if (silence.leadingMs === undefined && silence.trailingMs === undefined) return pcm;
  let start = 0;
  let end = pcm.length;
  if (silence.leadingMs !== undefined) while (start < end && Math.abs(pcm[start]!) <= QUIET) start++;
  if (silence.trailingMs !== undefined) while (end > start && Math.abs(pcm[end - 1]!) <= QUIET) end--;
  const lead = Math.round(((silence.leadingMs ?? 0) * sampleRate) / 1000);
  const tail = Math.round(((silence.trailingMs ?? 0) * sampleRate) / 1000);
  const out = new Int16Array(lead + (end - start) + tail); // zero-filled: the silence
  out.set(pcm.subarray(start, end), lead);
  return out;
}
