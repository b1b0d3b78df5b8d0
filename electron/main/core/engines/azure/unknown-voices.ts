import type { VoiceProblem, VoiceUse } from '../speech-engine';
import type { ListedVoice } from './voice-list';

/**
 * Voices of a course that an Azure Speech resource does not offer, by the service's own list (short
 * names and full names, any case, as the service accepts them), each with the voices it does offer for
 * that locale. One definition for the interactive engine and the batch engine (same resource, same list).
 */
export function unknownVoices(uses: ReadonlyArray<VoiceUse>, voices: readonly ListedVoice[], endpoint: string): VoiceProblem[] {
  const known = new Set<string>();
  for (const voice of voices) {
    known.add(voice.shortName.toLowerCase());
    if (voice.fullName) known.add(voice.fullName.toLowerCase());
  }
  const problems: VoiceProblem[] = [];
  for (const use of uses) {
    if (known.has(use.voice.trim().toLowerCase())) continue;
    problems.push({ voice: use.voice, reason: unknownVoiceReason(use, voices, endpoint) });
  }
  return problems;
}

function unknownVoiceReason(use: VoiceUse, voices: readonly ListedVoice[], endpoint: string): string {
  const locale = /^([a-z]{2,3}-[A-Z]{2,4})-/i.exec(use.voice)?.[1] ?? use.locale;
  const sameLocale = voices.filter((voice) => voice.locale.toLowerCase() === locale.toLowerCase()).map((voice) => voice.shortName);
  const hint = sameLocale.length ? ` Voices for ${locale}: ${sameLocale.slice(0, 6).join(', ')}${sameLocale.length > 6 ? ', …' : ''}.` : ` It offers no voice for ${locale}.`;
  return `not a voice of this Azure Speech resource (${endpoint}, ${voices.length} voices).${hint}`;
}
