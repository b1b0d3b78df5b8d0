import type { QaFlag } from '../../../../shared/model/delivery';

/**
 * Quality flags of one render, from its master: near-silent audio, and speech whose length is far from
 * what its text and rate predict (truncated: the engine stopped early; runaway: it kept going). The
 * prediction is deliberately loose (alphabetic speech runs about 12-16 characters a second at rate 1),
 * so only gross faults are flagged, never a slow or fast voice.
 *
 * A Chinese character, a Hangul block or a kana is a syllable, not a letter: each counts as
 * SYLLABLE_CHARS letters. Measured with the offline engine at rate 1: Mandarin 320 ms a character (a
 * 2,158-character text, eSpeak sit/cmn), where counting letters predicted 70 ms and flagged every
 * Chinese phrase of more than ~18 characters as runaway.
 */
const MS_PER_CHAR = 70;
const SYLLABLE_CHARS = 4;
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** Below this integrated loudness (or with nothing above the meter's gate) a render is near-silent. */
export const NEAR_SILENT_LUFS = -50;

export function predictedSpeechMs(text: string, rate: number): number {
  const spoken = text.replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
  const syllables = spoken.match(SYLLABIC)?.length ?? 0;
  return ((spoken.length - syllables + syllables * SYLLABLE_CHARS) * MS_PER_CHAR) / rate;
}

export function qaFlags(input: { text: string; rate: number; speechMs: number; sourceLufs: number }): QaFlag[] {
  const flags: QaFlag[] = [];
  if (!(input.sourceLufs >= NEAR_SILENT_LUFS)) flags.push('near-silent');
  const predicted = predictedSpeechMs(input.text, input.rate);
  if (!flags.length && input.speechMs < predicted * 0.3 - 150) flags.push('truncated');
  if (input.speechMs > predicted * 3 + 2_000) flags.push('runaway');
  return flags;
}
