import type { Course } from '../../../../shared/model/course';

/**
 * Azure voice names start with their locale (`es-ES-ElviraNeural`). A voice whose language is not
 * the language of the text it speaks is almost always a slip (a German course left with the Spanish
 * default voice): worth a warning, not an error, since a multilingual voice may be meant.
 */
export function voiceLocale(voice: string): string | undefined {
  return /^([a-z]{2,3}-[A-Z]{2})-/.exec(voice)?.[1];
}

function language(locale: string): string {
  return locale.split('-')[0]!.toLowerCase();
}

/** One warning per voice role that speaks a text in another language, at the role's `voices` entry. */
export function voiceLanguageWarnings(course: Course): Array<{ path: Array<string | number>; role: string; message: string }> {
  const warnings: Array<{ path: Array<string | number>; role: string; message: string }> = [];
  const seen = new Set<string>();
  for (const variant of course.variants) {
    const voice = course.voices[variant.voice];
    const locale = voice === undefined ? undefined : voiceLocale(voice);
    const textLocale = course.languages[variant.text];
    // Multilingual voices (`en-US-AvaMultilingualNeural`) speak any language by design.
    if (!voice || !locale || /Multilingual/i.test(voice) || language(locale) === language(textLocale)) continue;
    const key = `${variant.voice}\u0000${variant.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    warnings.push({
      path: ['voices', variant.voice],
      role: variant.voice,
      message: `voice "${voice}" (${locale}) speaks the ${variant.text} text, which is ${textLocale} (variant "${variant.id}"); check "languages" and "voices"`,
    });
  }
  return warnings;
}
