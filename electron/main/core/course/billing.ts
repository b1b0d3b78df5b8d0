/**
 * What Azure bills for a render. Microsoft's pricing note ("Text to speech overview", pricing note:
 * https://learn.microsoft.com/azure/ai-services/speech-service/text-to-speech#pricing-note, quoted in
 * https://learn.microsoft.com/answers/questions/584662): "While the SSML document itself is not
 * billable, optional elements that are used to adjust how the text is converted to speech, like
 * phonemes and pitch, are counted as billable characters": the text and all markup inside the
 * request except <speak> and <voice>, every code point, white space included; CJK ideographs twice.
 * So our <prosody>, <break>, <emphasis>, <phoneme>, <sub> and <mstts:express-as> tags are billed.
 */
const CJK = /[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF]/gu;
const PROSODY_WRAPPER_CHARS = '<prosody rate="+0%"></prosody>'.length;

function codePoints(text: string): number {
  return [...text].length + (text.match(CJK)?.length ?? 0);
}

/** A plain text's estimate: the text plus our (billed) default prosody wrapper. */
export function billableChars(text: string): number {
  return codePoints(text) + PROSODY_WRAPPER_CHARS;
}

/**
 * The billed characters of a render's SSML: everything inside <voice>, tags included, with the
 * escapes we add (&amp; ...) counted as the one character they stand for.
 */
export function billableSsmlChars(ssml: string): number {
  const inner = /<voice\b[^>]*>([\s\S]*)<\/voice>/.exec(ssml)?.[1] ?? ssml;
  return codePoints(inner.replace(/&(?:amp|lt|gt|quot|apos);/g, '_'));
}
