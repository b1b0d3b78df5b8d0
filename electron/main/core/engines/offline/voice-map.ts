/**
 * Maps an Azure voice (`es-ES-ElviraNeural`) to the eSpeak NG voice that speaks its locale, plus a
 * pitch that keeps female and male Azure voices apart. Pure data, no eSpeak import.
 *
 * Japanese is deliberately absent: eSpeak reads kanji as "Chinese letter", so real text fails. So are
 * the languages eSpeak has no voice for (Filipino, Javanese, Khmer, Lao, Mongolian, Pashto, Somali,
 * Sundanese, Zulu, ...): those need Azure.
 */

export type VoiceGender = 'female' | 'male' | 'unknown';

export interface OfflineVoice {
  /** The eSpeak NG voice identifier (`<voice name>` in the worker's lines), e.g. `roa/es`. */
  readonly espeakVoice: string;
  /** The locale the mapping was made for (normalised `ll-RR`), e.g. `es-ES`. */
  readonly locale: string;
  /** Whether the locale matched exactly or only by its language (`es-AR` -> the `es` fallback). */
  readonly match: 'locale' | 'language';
  readonly gender: VoiceGender;
  /** eSpeak pitch, 0-99 (50 is the voice's own base pitch). */
  readonly pitch: number;
}

/** Thrown for a voice/locale eSpeak has no voice for; the message lists what is supported. */
export class UnsupportedOfflineLocaleError extends Error {
  override readonly name = 'UnsupportedOfflineLocaleError';
  /** The message without the voice name: what is unsupported and what is. */
  readonly reason: string;
  constructor(
    readonly voice: string,
    readonly locale: string | undefined,
  ) {
    const reason =
      `the offline engine (eSpeak NG) has no voice for ${locale ? `locale "${locale}"` : 'a voice name without a locale'}. ` +
      `It speaks these languages, in any region: ${supportedOfflineLanguages().join(', ')} ` +
      `(with regional voices for ${supportedOfflineLocales().join(', ')}). ` +
      `Use an Azure key for other languages${locale?.startsWith('ja') ? ' (eSpeak cannot read kanji)' : ''}.`;
    super(`Voice "${voice}": ${reason}`);
    this.reason = reason;
  }
}

/** Exact locale -> eSpeak voice. */
const LOCALE_VOICES: Readonly<Record<string, string>> = {
  'es-ES': 'roa/es',
  'es-MX': 'roa/es-419',
  'es-US': 'roa/es-419',
  'es-AR': 'roa/es-419',
  'es-CO': 'roa/es-419',
  'es-CL': 'roa/es-419',
  'es-PE': 'roa/es-419',
  'es-VE': 'roa/es-419',
  'en-US': 'gmw/en-US',
  'en-CA': 'gmw/en-US',
  'en-GB': 'gmw/en-GB-x-rp',
  'en-IE': 'gmw/en',
  'en-AU': 'gmw/en',
  'en-NZ': 'gmw/en',
  'fr-FR': 'roa/fr',
  'fr-CA': 'roa/fr',
  'fr-BE': 'roa/fr-BE',
  'fr-CH': 'roa/fr-CH',
  'de-DE': 'gmw/de',
  'de-AT': 'gmw/de',
  'de-CH': 'gmw/de',
  'it-IT': 'roa/it',
  'pt-BR': 'roa/pt-BR',
  'pt-PT': 'roa/pt',
  'zh-CN': 'sit/cmn',
  'zh-TW': 'sit/cmn',
  'zh-HK': 'sit/yue',
};

/**
 * Any region of these languages -> the language's eSpeak voice: every language eSpeak NG ships a voice
 * for that Azure also speaks (ISO 639 codes as in Azure's locales), so a course in Polish or Korean
 * can be produced and checked without a key. The course languages of the first release (es, en, fr,
 * de, it, pt, zh) have their regional voices above; the others speak one voice per language.
 */
const LANGUAGE_VOICES: Readonly<Record<string, string>> = {
  es: 'roa/es',
  en: 'gmw/en-US',
  fr: 'roa/fr',
  de: 'gmw/de',
  it: 'roa/it',
  pt: 'roa/pt',
  zh: 'sit/cmn',
  af: 'gmw/af',
  am: 'sem/am',
  ar: 'sem/ar',
  as: 'inc/as',
  az: 'trk/az',
  be: 'zle/be',
  bg: 'zls/bg',
  bn: 'inc/bn',
  bs: 'zls/bs',
  ca: 'roa/ca',
  cs: 'zlw/cs',
  cy: 'cel/cy',
  da: 'gmq/da',
  el: 'grk/el',
  et: 'urj/et',
  eu: 'eu',
  fa: 'ira/fa',
  fi: 'urj/fi',
  ga: 'cel/ga',
  gu: 'inc/gu',
  he: 'sem/he',
  hi: 'inc/hi',
  hr: 'zls/hr',
  hu: 'urj/hu',
  hy: 'ine/hy',
  id: 'poz/id',
  is: 'gmq/is',
  ka: 'ccs/ka',
  kk: 'trk/kk',
  kn: 'dra/kn',
  ko: 'ko',
  lt: 'bat/lt',
  lv: 'bat/lv',
  mk: 'zls/mk',
  ml: 'dra/ml',
  mr: 'inc/mr',
  ms: 'poz/ms',
  mt: 'sem/mt',
  my: 'sit/my',
  nb: 'gmq/nb',
  ne: 'inc/ne',
  nl: 'gmw/nl',
  or: 'inc/or',
  pa: 'inc/pa',
  pl: 'zlw/pl',
  ro: 'roa/ro',
  ru: 'zle/ru',
  si: 'inc/si',
  sk: 'zlw/sk',
  sl: 'zls/sl',
  sq: 'ine/sq',
  sr: 'zls/sr',
  sv: 'gmq/sv',
  sw: 'bnt/sw',
  ta: 'dra/ta',
  te: 'dra/te',
  th: 'tai/th',
  tr: 'trk/tr',
  uk: 'zle/uk',
  ur: 'inc/ur',
  uz: 'trk/uz',
  vi: 'aav/vi',
  yue: 'sit/yue',
};
const SUPPORTED_LANGUAGES = Object.keys(LANGUAGE_VOICES);

/** Pitches used for gender variation (eSpeak's base voices are male-sounding at 50). */
export const OFFLINE_PITCH: Readonly<Record<VoiceGender, number>> = { female: 72, male: 44, unknown: 50 };

/** First names of common Azure neural voices, for the pitch variation only (unknown names get 50). */
const FEMALE = new Set(
  (
    'Elvira Abril Estrella Irene Laia Lia Triana Vera Ximena Dalia Beatriz Candela Carlota Larissa Marina Nuria Renata Paloma Elena ' +
    'Jenny Aria Ava Emma Jane Nancy Sara Amber Ana Ashley Cora Elizabeth Michelle Monica Serena Nova Evelyn Phoebe Clara ' +
    'Sonia Libby Abbi Bella Hollie Maisie Olivia Ada Natasha Emily ' +
    'Denise Eloise Brigitte Celeste Coralie Jacqueline Josephine Yvette Vivienne Sylvie ' +
    'Katja Amala Elke Gisela Klarissa Louisa Maja Tanja Seraphina Ingrid ' +
    'Elsa Isabella Fabiola Fiamma Imelda Irma Palmira Pierina ' +
    'Francisca Brenda Elza Giovanna Leila Leticia Manuela Thalita Yara Raquel Fernanda'
  ).split(' '),
);
const MALE = new Set(
  (
    'Alvaro Arnau Dario Elias Nil Saul Teo Tristan Jorge Cecilio Gerardo Liberto Luciano Pelayo Yago Alonso ' +
    'Guy Davis Andrew Brian Jason Tony Brandon Christopher Eric Jacob Roger Steffan Kai Adam Derek Dustin Ryan Alfie Elliot Ethan Noah Oliver Thomas William Liam ' +
    'Henri Alain Claude Jerome Maurice Yves Remy Antoine Jean ' +
    'Conrad Bernd Christoph Kasper Killian Klaus Ralf Florian Jan ' +
    'Diego Benigno Calimero Cataldo Gianni Lisandro Rinaldo Giuseppe Alessio ' +
    'Antonio Donato Fabio Humberto Julio Nicolau Valerio Duarte Macerio'
  ).split(' '),
);

/**
 * The locale part of an Azure voice short name, normalised to `ll-RR`: `es-ES-ElviraNeural` -> `es-ES`,
 * `zh-CN-shaanxi-XiaoniNeural` -> `zh-CN`, `sr-Latn-RS-NicholasNeural` -> `sr-RS`. Also accepts a bare
 * locale (`es-mx` -> `es-MX`) or language (`es`). Returns undefined when there is none.
 */
export function localeOfAzureVoice(voice: string): string | undefined {
  const parts = voice.trim().split(/[-_]/);
  const language = parts[0]?.toLowerCase();
  if (!language || !/^[a-z]{2,3}$/.test(language)) return undefined;
  if (parts.length === 1) return language; // a bare language such as `es`
  let index = 1;
  if (parts[index] && /^[A-Za-z]{4}$/.test(parts[index] ?? '')) index++; // script subtag (Latn, Hans)
  const region = parts[index];
  if (!region || !/^([A-Za-z]{2}|\d{3})$/.test(region)) return undefined;
  return `${language}-${region.toUpperCase()}`;
}

/** The gender of a well-known Azure voice name (`es-ES-ElviraNeural` -> female), else `unknown`. */
export function genderOfAzureVoice(voice: string): VoiceGender {
  const name = voice
    .trim()
    .split('-')
    .pop()
    ?.replace(/(Multilingual)?(Neural(HD)?|Standard)?(:.*)?$/i, '');
  if (!name) return 'unknown';
  if (FEMALE.has(name)) return 'female';
  if (MALE.has(name)) return 'male';
  // Mandarin voice names: Xiao* are female, Yun* male.
  if (/^Xiao/.test(name)) return 'female';
  if (/^Yun/.test(name)) return 'male';
  return 'unknown';
}

/** Languages spoken in any region (their main voice), sorted. */
export function supportedOfflineLanguages(): readonly string[] {
  return [...SUPPORTED_LANGUAGES].sort();
}

/** Locales with an exact mapping, sorted. Other regions of the same languages map by language. */
export function supportedOfflineLocales(): readonly string[] {
  return Object.keys(LOCALE_VOICES).sort();
}

/**
 * The eSpeak voice for an Azure voice. The locale comes from the voice name; `fallbackLocale`
 * (the request's locale) is used when the name carries none.
 * @throws UnsupportedOfflineLocaleError when neither the locale nor its language is supported.
 */
export function offlineVoiceFor(azureVoice: string, fallbackLocale?: string): OfflineVoice {
  const locale = localeOfAzureVoice(azureVoice) ?? (fallbackLocale ? localeOfAzureVoice(fallbackLocale) : undefined);
  if (!locale) throw new UnsupportedOfflineLocaleError(azureVoice, fallbackLocale);
  const gender = genderOfAzureVoice(azureVoice);
  const pitch = OFFLINE_PITCH[gender];
  const exact = LOCALE_VOICES[locale];
  if (exact) return { espeakVoice: exact, locale, match: 'locale', gender, pitch };
  const byLanguage = LANGUAGE_VOICES[locale.split('-')[0] ?? ''];
  if (byLanguage) return { espeakVoice: byLanguage, locale, match: 'language', gender, pitch };
  throw new UnsupportedOfflineLocaleError(azureVoice, locale);
}

/** Every eSpeak voice this map can return (the integration tests check each one loads). */
export function allMappedEspeakVoices(): readonly string[] {
  return [...new Set([...Object.values(LOCALE_VOICES), ...Object.values(LANGUAGE_VOICES)])].sort();
}
