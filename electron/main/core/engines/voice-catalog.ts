import type { VoiceInfo } from '../../../../shared/ipc/contract';

/**
 * Common Azure neural voices for the locales the offline engine speaks. A course names Azure voices
 * even when it is rendered offline (eSpeak maps each name to its locale and a pitch by gender), so
 * the audition panel offers these names: what the producer picks offline keeps working with a key.
 * Curated, not exhaustive; with the Azure engine the studio asks the service instead.
 */
const CATALOG: ReadonlyArray<readonly [locale: string, localeName: string, voices: string]> = [
  ['es-ES', 'Spanish (Spain)', 'Elvira:F Alvaro:M Abril:F Arnau:M Irene:F Dario:M Triana:F Saul:M Ximena:F'],
  ['es-MX', 'Spanish (Mexico)', 'Dalia:F Jorge:M Beatriz:F Cecilio:M Candela:F Gerardo:M'],
  ['es-US', 'Spanish (United States)', 'Paloma:F Alonso:M'],
  ['es-AR', 'Spanish (Argentina)', 'Elena:F Tomas:M'],
  ['en-US', 'English (United States)', 'Jenny:F Guy:M Aria:F Davis:M Ava:F Andrew:M Emma:F Brian:M Jane:F Jason:M Sara:F Tony:M'],
  ['en-GB', 'English (United Kingdom)', 'Sonia:F Ryan:M Libby:F Thomas:M Maisie:F'],
  ['en-AU', 'English (Australia)', 'Natasha:F William:M'],
  ['en-CA', 'English (Canada)', 'Clara:F Liam:M'],
  ['en-IE', 'English (Ireland)', 'Emily:F Connor:M'],
  ['fr-FR', 'French (France)', 'Denise:F Henri:M Eloise:F Alain:M Brigitte:F Jerome:M'],
  ['fr-CA', 'French (Canada)', 'Sylvie:F Jean:M Antoine:M'],
  ['fr-BE', 'French (Belgium)', 'Charline:F Gerard:M'],
  ['fr-CH', 'French (Switzerland)', 'Ariane:F Fabrice:M'],
  ['de-DE', 'German (Germany)', 'Katja:F Conrad:M Amala:F Killian:M Louisa:F Ralf:M'],
  ['de-AT', 'German (Austria)', 'Ingrid:F Jonas:M'],
  ['de-CH', 'German (Switzerland)', 'Leni:F Jan:M'],
  ['it-IT', 'Italian (Italy)', 'Elsa:F Diego:M Isabella:F Benigno:M Fiamma:F Gianni:M'],
  ['pt-BR', 'Portuguese (Brazil)', 'Francisca:F Antonio:M Thalita:F Donato:M'],
  ['pt-PT', 'Portuguese (Portugal)', 'Raquel:F Duarte:M Fernanda:F'],
  ['zh-CN', 'Chinese (Mandarin, Simplified)', 'Xiaoxiao:F Yunxi:M Xiaoyi:F Yunjian:M Xiaochen:F Yunyang:M'],
  ['zh-TW', 'Chinese (Taiwanese Mandarin, Traditional)', 'HsiaoChen:F YunJhe:M HsiaoYu:F'],
  ['zh-HK', 'Chinese (Cantonese, Traditional)', 'HiuMaan:F WanLung:M HiuGaai:F'],
];

const VOICES: readonly VoiceInfo[] = CATALOG.flatMap(([locale, localeName, voices]) =>
  voices.split(' ').map((entry) => {
    const [name = '', gender] = entry.split(':');
    return { shortName: `${locale}-${name}Neural`, displayName: name, locale, localeName, gender: gender === 'M' ? ('Male' as const) : ('Female' as const) };
  }),
);

/**
 * The catalog, optionally for one locale (`es-ES`) or language (`es`: every Spanish locale), the
 * requested locale's voices first.
 */
export function catalogVoices(locale?: string): VoiceInfo[] {
  return filterVoices(VOICES, locale);
}

/** Filters any voice list by locale or language, case-insensitively; exact-locale matches come first. */
export function filterVoices(voices: readonly VoiceInfo[], locale?: string): VoiceInfo[] {
  if (!locale) return [...voices];
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0]!;
  const exact = voices.filter((voice) => voice.locale.toLowerCase() === wanted);
  const sameLanguage = voices.filter((voice) => voice.locale.toLowerCase() !== wanted && voice.locale.toLowerCase().split('-')[0] === language);
  return [...exact, ...sameLanguage];
}
