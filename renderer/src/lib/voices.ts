import type { CourseView } from '../../../shared/ipc/contract';

/** "es-ES-ElviraNeural" -> "Elvira": the part a producer recognises. */
export function voiceLabel(shortName: string | undefined): string {
  if (!shortName) return 'unassigned';
  return shortName.replace(/^[a-z]{2,3}-[A-Za-z0-9]{2,8}-/, '').replace(/(Multilingual)?Neural$/, '') || shortName;
}

/** The locale each voice role speaks, from the variants that use it (role -> locale). */
export function roleLocales(course: CourseView): Map<string, string> {
  const locales = new Map<string, string>();
  for (const variant of course.variants) locales.set(variant.voice, course.languages[variant.text]);
  return locales;
}

/** Whether a voice of `locale` fits a role: same language (es-ES fits es-MX), or the role's language is unknown. */
export function fitsRole(voiceLocale: string | undefined, roleLocale: string | undefined): boolean {
  if (!voiceLocale || !roleLocale) return true;
  return voiceLocale.split('-')[0]!.toLowerCase() === roleLocale.split('-')[0]!.toLowerCase();
}
