/** "greeting, formal;basic" -> ["greeting", "formal", "basic"]: what the CSV import splits on too, plus commas; no repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}
