/** "es-ES-ElviraNeural" -> "Elvira": the part a producer recognises. */
export function voiceLabel(shortName: string | undefined): string {
  if (!shortName) return 'unassigned';
  return shortName.replace(/^[a-z]{2,3}-[A-Za-z0-9]{2,8}-/, '').replace(/(Multilingual)?Neural$/, '') || shortName;
}

/** Whether a voice of `locale` fits a role: same language (es-ES fits es-MX), or the role's language is unknown. */
export function fitsRole(voiceLocale: string | undefined, roleLocale: string | undefined): boolean {
  if (!voiceLocale || !roleLocale) return true;
  return voiceLocale.split('-')[0]!.toLowerCase() === roleLocale.split('-')[0]!.toLowerCase();
}
