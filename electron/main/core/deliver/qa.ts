import type { QaFlag } from '../../../../shared/model/delivery';

/**
 * Quality flags of one render, from its master: near-silent audio, and speech whose length is far from
 * what its text and rate predict (truncated: the engine stopped early; runaway: it kept going). The
 * prediction is deliberately loose (speech runs about 12-16 characters a second at rate 1 in the
 * languages we ship), so only gross faults are flagged, never a slow or fast voice.
 */
const MS_PER_CHAR = 70;
/** Below this integrated loudness (or with nothing above the meter's gate) a render is near-silent. */
export const NEAR_SILENT_LUFS = -50;

export function predictedSpeechMs(text: string, rate: number): number {
  const spoken = text.replace(/[\s\p{P}\p{S}]+/gu, ' ').trim().length;
  return (spoken * MS_PER_CHAR) / rate;
}

export function qaFlags(input: { text: string; rate: number; speechMs: number; sourceLufs: number }): QaFlag[] {
  const flags: QaFlag[] = [];
  if (!(input.sourceLufs >= NEAR_SILENT_LUFS)) flags.push('near-silent');
  const predicted = predictedSpeechMs(input.text, input.rate);
  if (!flags.length && input.speechMs < predicted * 0.3 - 150) flags.push('truncated');
  if (input.speechMs > predicted * 3 + 2_000) flags.push('runaway');
  return flags;
}
