/**
 * Time and duration model of the emulator. The benchmark computes its physical limit from the
 * same functions the server uses, so the two can never drift apart.
 *
 *   S (setup)         = connectMs                                   (delay before the 101 answer)
 *   L (turn)          = firstByteMs + perCharMs * Σ chars_i / rate_i   (ssml received -> turn.end)
 *   audio duration    = max(300 ms, 60 ms * Σ chars_i / rate_i + breaks)
 *
 * chars = Unicode code points of the spoken text after whitespace is collapsed; rate is the
 * prosody multiplier (1 = default speed), clamped to [0.5, 2] like the service. With jitter j,
 * each delay is multiplied by (1 + j·u), u uniform in [-1, 1] from the seeded generator; the
 * expected values below are the means.
 */
import type { Rng } from './rng';

export interface LatencyModel {
  /** Delay before the upgrade is answered (setup S). */
  connectMs: number;
  /** Time from the ssml frame to the first audio frame. */
  firstByteMs: number;
  /** Added per spoken character, divided by the prosody rate. */
  perCharMs: number;
  /** Relative jitter in [0, 1): 0.1 means ±10 % (uniform). */
  jitter?: number;
}

export const ZERO_LATENCY: Readonly<LatencyModel> = Object.freeze({ connectMs: 0, firstByteMs: 0, perCharMs: 0, jitter: 0 });

export const AUDIO_MS_PER_CHAR = 60;
export const MIN_AUDIO_MS = 300;
export const MIN_RATE = 0.5;
export const MAX_RATE = 2;

/** One run of text at one rate (an SSML document is a list of these). */
export interface SpokenRun {
  readonly text: string;
  readonly rate: number;
}

export function clampRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return 1;
  return Math.min(MAX_RATE, Math.max(MIN_RATE, rate));
}

/** Characters the model counts: code points after collapsing whitespace and trimming. */
export function countChars(text: string): number {
  return [...text.replace(/\s+/g, ' ').trim()].length;
}

/** Σ chars / rate: the "effective characters" both the turn time and the audio length grow with. */
export function weightedChars(runs: readonly SpokenRun[]): number {
  return runs.reduce((sum, run) => sum + countChars(run.text) / clampRate(run.rate), 0);
}

/** Audio duration in ms for a plain text at one rate. */
export function audioDurationMs(text: string, rate = 1): number {
  return audioDurationForRunsMs([{ text, rate }]);
}

export function audioDurationForRunsMs(runs: readonly SpokenRun[], breakMs = 0): number {
  return Math.max(MIN_AUDIO_MS, AUDIO_MS_PER_CHAR * weightedChars(runs) + breakMs);
}

/** Mean turn time L in ms (ssml received -> turn.end) for a plain text at one rate. */
export function expectedTurnMs(text: string, rate: number, latency: LatencyModel): number {
  return expectedTurnForRunsMs([{ text, rate }], latency);
}

export function expectedTurnForRunsMs(runs: readonly SpokenRun[], latency: LatencyModel): number {
  return latency.firstByteMs + latency.perCharMs * weightedChars(runs);
}

export interface PhysicalLimitInput {
  readonly items: readonly SpokenRun[];
  /** Number of sockets used concurrently (pool size C). */
  readonly concurrency: number;
  readonly latency: LatencyModel;
  /** Server TPS quota, if any: N/R bounds the wall time too. */
  readonly tps?: { limit: number; windowMs: number };
}

/** T* = max(S + ΣL/C, S + max L, N/R): the best wall time any client can reach on this server. */
export function physicalLimitMs({ items, concurrency, latency, tps }: PhysicalLimitInput): number {
  const turns = items.map((item) => expectedTurnMs(item.text, item.rate, latency));
  const total = turns.reduce((a, b) => a + b, 0);
  const longest = turns.reduce((a, b) => Math.max(a, b), 0);
  const c = Math.max(1, concurrency);
  const quotaBound = tps && tps.limit > 0 ? (items.length / tps.limit) * tps.windowMs : 0;
  return Math.max(latency.connectMs + total / c, latency.connectMs + longest, quotaBound);
}

/** Applies the model's jitter to one delay. */
export function jittered(ms: number, jitter: number | undefined, rng: Rng): number {
  if (!jitter || ms <= 0) return Math.max(0, ms);
  return Math.max(0, ms * (1 + jitter * (rng() * 2 - 1)));
}
