/**
 * Azure bills every character inside <voice> (punctuation and spaces too) and counts CJK ideographs
 * twice; <speak>/<voice> markup is free. Our prosody wrapper is billed too, but it is the same
 * small constant per render, so estimates count the spoken text plus that wrapper.
 */
const CJK = /[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF]/gu;
const PROSODY_WRAPPER_CHARS = '<prosody rate="+0%"></prosody>'.length;

export function billableChars(text: string): number {
  const characters = [...text].length;
  const cjk = text.match(CJK)?.length ?? 0;
  return characters + cjk + PROSODY_WRAPPER_CHARS;
}
