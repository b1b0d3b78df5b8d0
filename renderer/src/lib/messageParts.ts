/** Longer than this (or more than one line), a message shows its first part and a "Details" expander. */
export const SUMMARY_CHARS = 160;

/**
 * A message split for a toast: the summary always shows, the rest behind "Details". Nothing is cut:
 * summary + rest is the whole message (services list unknown voices, paths and causes after a colon).
 */
export function splitMessage(message: string): { summary: string; rest: string } {
  const text = message.trim();
  const newline = text.indexOf('\n');
  if (newline >= 0 && newline <= SUMMARY_CHARS) return { summary: text.slice(0, newline).trim(), rest: text.slice(newline + 1).trim() };
  if (text.length <= SUMMARY_CHARS) return { summary: text, rest: '' };
  // Break at the last space of the summary's room, so no word is split.
  const space = text.lastIndexOf(' ', SUMMARY_CHARS);
  const at = space > SUMMARY_CHARS / 2 ? space : SUMMARY_CHARS;
  return { summary: `${text.slice(0, at).trim()} …`, rest: text.slice(at).trim() };
}
