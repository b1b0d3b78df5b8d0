/**
 * Builds the SSML for one render. Every render goes through here, so text is always escaped and
 * rate always travels as <prosody>, whichever engine receives it.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** 0.7 -> "-30%", 1.25 -> "+25%": the relative form Azure and eSpeak both read. */
export function rateToProsody(rate: number): string {
  const percent = Math.round((rate - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

export interface SsmlInput {
  readonly text: string;
  readonly voice: string;
  readonly rate: number;
  readonly locale: string;
}

export function buildSsml({ text, voice, rate, locale }: SsmlInput): string {
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="${escapeXml(locale)}">` +
    `<voice name="${escapeXml(voice)}"><prosody rate="${rateToProsody(rate)}">${escapeXml(text)}</prosody></voice></speak>`
  );
}
