/**
 * Turns the Azure-style SSML every request carries into input for eSpeak NG.
 *
 * eSpeak parses every input as SSML (its glue always passes espeakSSML | espeakPHONEMES), so text
 * stays XML-escaped. What changes:
 * - `<speak ...>` loses its attributes: an `xml:lang` there makes eSpeak pick its own voice for the
 *   language (measured: `xml:lang="es-ES"` turned roa/es-419 into roa/es), and we choose the voice.
 * - `<voice>`, `<lang>`, `<mstts:*>`, `<bookmark>`, `<lexicon>` and `<phoneme>` tags are removed (their text stays).
 * - `<sub alias="X">word</sub>` becomes the text X: eSpeak 1.51's own <sub> reads a following "." as
 *   "punto" and glues the alias to the word before it (measured), so we substitute it ourselves.
 * - `<break>`, `<emphasis>` and `<prosody pitch>` stay: eSpeak reads them.
 * - The `rate` attribute of `<prosody>` is removed, because the rate is applied once, around the whole
 *   input (`espeakRateWpm`, espeak-lines.ts); a `<prosody>` left without attributes is removed with its end tag.
 * - In text, `[[` becomes `[ [`: eSpeak would read `[[...]]` as phoneme mnemonics.
 * - A stray `<`, `>` or `&` in text (invalid SSML) is escaped, so it is read, never parsed as markup.
 */

/** eSpeak's words per minute at rate 1.0: the base rate the worker's eSpeak program runs at. */
export const ESPEAK_BASE_WPM = 175;
/** eSpeak does not get slower than about 80 wpm; 450 is its documented maximum. */
export const ESPEAK_MIN_WPM = 80;
export const ESPEAK_MAX_WPM = 450;

/** wpm = clamp(round(175 x rate), 80, 450). 1.0 -> 175, 0.7 -> 122 (175 x 0.7 is 122.4999... in floating point). */
export function espeakRateWpm(rate: number): number {
  return Math.min(ESPEAK_MAX_WPM, Math.max(ESPEAK_MIN_WPM, Math.round(ESPEAK_BASE_WPM * rate)));
}

const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
const MARKUP = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
// <phoneme> goes (its text stays): eSpeak cannot read IPA or SAPI phonemes, so the word is said as written.
const REMOVED_ELEMENTS = new Set(['voice', 'lang', 'bookmark', 'lexicon', 'phoneme']);

/** Rewrites request SSML for eSpeak (see the file comment). Plain fragments get a `<speak>` wrapper. */
export function toEspeakSsml(ssml: string): string {
  let out = '';
  let last = 0;
  let sawSpeak = false;
  /** For each open <prosody>: whether its start tag was kept (so its end tag is kept too). */
  const prosodyKept: boolean[] = [];
  /** Inside a <sub> whose alias was said instead: its content is dropped up to </sub>. */
  let inSub = false;

  for (const match of ssml.matchAll(MARKUP)) {
    if (!inSub) out += cleanText(ssml.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[2]?.toLowerCase();
    if (!name) continue; // comment, processing instruction, doctype: dropped
    const closing = match[1] === '/';
    const selfClosing = match[4] === '/';
    const attributes = match[3] ?? '';

    if (name === 'sub') {
      const alias = closing ? undefined : [...attributes.matchAll(ATTRIBUTE)].find((a) => a[1]?.toLowerCase() === 'alias')?.[2];
      if (alias !== undefined) {
        out += cleanText(/^["']/.test(alias) ? alias.slice(1, -1) : alias);
        inSub = !selfClosing;
      } else if (closing) inSub = false;
      continue;
    }
    if (inSub) continue;

    if (name === 'speak') {
      sawSpeak = true;
      out += closing ? '</speak>' : '<speak>';
    } else if (REMOVED_ELEMENTS.has(name) || name.startsWith('mstts:')) {
      // dropped, content kept
    } else if (name === 'prosody') {
      if (closing) {
        if (prosodyKept.pop() ?? false) out += '</prosody>';
      } else {
        const kept = [...attributes.matchAll(ATTRIBUTE)].filter((a) => a[1]?.toLowerCase() !== 'rate').map((a) => a[0]);
        if (kept.length > 0) out += `<prosody ${kept.join(' ')}${selfClosing ? '/' : ''}>`;
        if (!selfClosing) prosodyKept.push(kept.length > 0);
      }
    } else {
      out += match[0];
    }
  }
  out += cleanText(ssml.slice(last));
  return sawSpeak ? out : `<speak>${out}</speak>`;
}

function cleanText(text: string): string {
  return text
    .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[(?=\[)/g, '[ ');
}
