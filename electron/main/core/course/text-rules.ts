/**
 * The rules every string of a course obeys, in one place, so a phrase text, an override text, a
 * title and a lesson name are judged alike. Control characters are refused rather than stripped:
 * a NUL cuts eSpeak's speech short and XML (our SSML) cannot carry it, and the producer should
 * know their export tool wrote garbage. Tab and line breaks stay legal in texts (harmless pauses);
 * zero-width and bidirectional marks stay legal everywhere (Arabic, Hebrew and Persian need them).
 */

/** Longest text we send in one render: well under Azure's 64 KB SSML per turn, and a sane phrase. */
export const MAX_TEXT_CHARS = 5000;

const CONTROL_NAMES: Record<number, string> = {
  0: 'NUL',
  7: 'BEL',
  8: 'BACKSPACE',
  9: 'TAB',
  10: 'LINE FEED',
  11: 'VERTICAL TAB',
  12: 'FORM FEED',
  13: 'CARRIAGE RETURN',
  27: 'ESC',
  127: 'DEL',
};

export interface TextFault {
  readonly kind: 'forbidden' | 'empty' | 'too-long';
  readonly problem: string;
  /** Index (UTF-16 units) of the offending character in the string, when there is one. */
  readonly at?: number;
  readonly hint: string;
}

/**
 * The first character no course string may hold: C0/C1 controls (tab and line breaks allowed
 * when `allowLineBreaks`), DEL, U+FFFE/U+FFFF and unpaired surrogates (a JSON "\ud800" escape).
 */
export function forbiddenCharacter(text: string, allowLineBreaks: boolean): TextFault | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return {
        kind: 'forbidden',
        problem: `a lone UTF-16 surrogate \\u${hex(code)} at character ${i + 1}`,
        at: i,
        hint: 'It is half of an emoji or symbol: remove it or write the whole character.',
      };
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return {
        kind: 'forbidden',
        problem: `a lone UTF-16 surrogate \\u${hex(code)} at character ${i + 1}`,
        at: i,
        hint: 'It is half of an emoji or symbol: remove it or write the whole character.',
      };
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffe || code === 0xffff;
    if (!control) continue;
    if (allowLineBreaks && (code === 9 || code === 10 || code === 13)) continue;
    const name = CONTROL_NAMES[code] ? ` (${CONTROL_NAMES[code]})` : '';
    return {
      kind: 'forbidden',
      problem: `a control character U+${hex(code)}${name} at character ${i + 1}`,
      at: i,
      hint: 'Remove it (export tools and copy-paste leave these behind).',
    };
  }
  return undefined;
}

/** What is wrong with a text that will be spoken, or undefined when it can be rendered. */
export function spokenTextFault(text: string): TextFault | undefined {
  const forbidden = forbiddenCharacter(text, true);
  if (forbidden) return forbidden;
  // Only spaces and invisible marks (zero-width space, bidi marks, BOM): nothing would be said.
  if (!/[^\s\p{Cf}\p{Z}]/u.test(text))
    return { kind: 'empty', problem: text.trim() ? 'only invisible characters (zero-width or direction marks)' : 'an empty text', hint: 'Write the text, or remove the phrase.' };
  // Only punctuation ("...", "¿?"): an engine says nothing (eSpeak returns silence, a failed render after
  // the course was accepted), so it is refused with the other empty texts. Symbols ("%", "$", emoji) are
  // read aloud by name, so they count as speech.
  if (!/[^\s\p{Cf}\p{Z}\p{P}]/u.test(text))
    return { kind: 'empty', problem: `nothing to speak: only punctuation ("${text.trim().slice(0, 20)}")`, hint: 'Write the words to say, or remove the phrase.' };
  if (text.length > MAX_TEXT_CHARS) return { kind: 'too-long', problem: `${text.length} characters, over the limit of ${MAX_TEXT_CHARS}`, hint: 'Split it into several phrases.' };
  return undefined;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
