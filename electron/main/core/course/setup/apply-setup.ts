/**
 * Writes setup edits (setup-edits.ts) into a course file's text. One file on purpose: the studio's
 * other file edits (phrase editing) have an applier of the same kind, and the two are meant to fold
 * into one.
 *
 * - JSON: jsonc-parser's `modify` + `applyEdits`, one edit at a time on the text the previous left,
 *   in the file's own indentation and line ends, so untouched lines (comments included) stay byte
 *   for byte.
 * - CSV: the `# key: value` lines at the top; an existing line for the key is rewritten in place
 *   (an alias such as `# target-language:` included), a new one goes after the last header line.
 * - Saving: atomic (temp file + rename, output/atomic-write.ts), and only over the text it was
 *   computed from: a file changed meanwhile is refused, never overwritten.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';
import { writeFileAtomic } from '../../output/atomic-write';
import type { HeaderEdit, JsonEdit } from './setup-edits';

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)["{[]/.exec(text)?.[1] ?? '  ';
  const tabs = indent.includes('\t');
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

export function applyJsonEdits(text: string, edits: readonly JsonEdit[]): string {
  const formattingOptions = formattingOf(text);
  let out = text;
  for (const edit of edits) out = applyEdits(out, modify(out, edit.path, edit.value, { formattingOptions }));
  return out;
}

/** Keys csv-import.ts reads as the same setting, so `# target-language:` is rewritten, not doubled. */
const HEADER_ALIASES: Record<string, readonly string[]> = {
  target: ['target', 'target-language'],
  known: ['known', 'known-language'],
  title: ['title', 'deck'],
};
const DIRECTIVE = /^#\s*([A-Za-z][\w -]*?)\s*:/;
const normalKey = (key: string): string => key.toLowerCase().replace(/[ _]/g, '-');

/** The settings a CSV's header lines declare, by their canonical key (`# target-language:` -> "target"). */
export function csvHeaderKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!line.startsWith('#') && line.trim()) break;
    const key = DIRECTIVE.exec(line)?.[1];
    if (key === undefined) continue;
    const normal = normalKey(key);
    keys.add(Object.keys(HEADER_ALIASES).find((canonical) => HEADER_ALIASES[canonical]!.includes(normal)) ?? normal);
  }
  return keys;
}

export function applyCsvHeaderEdits(text: string, edits: readonly HeaderEdit[]): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.slice(bom.length).split(/\r?\n/);
  // The header block: '#' lines and blank lines before the column header row.
  let blockEnd = 0;
  while (blockEnd < lines.length && (lines[blockEnd]!.startsWith('#') || !lines[blockEnd]!.trim())) blockEnd++;
  let insertAt = 0;
  for (let index = 0; index < blockEnd; index++) if (lines[index]!.startsWith('#')) insertAt = index + 1;
  for (const edit of edits) {
    if (/[\r\n]/.test(edit.value)) throw new Error(`the value for "# ${edit.key}:" must be on one line`);
    const line = `# ${edit.key}: ${edit.value}`;
    const names = HEADER_ALIASES[edit.key] ?? [edit.key];
    // The loader takes the last line of a key, so the last one is the one to rewrite.
    let found = -1;
    for (let index = 0; index < blockEnd; index++) {
      const key = DIRECTIVE.exec(lines[index]!)?.[1];
      if (key !== undefined && names.includes(normalKey(key))) found = index;
    }
    if (found >= 0) lines[found] = line;
    else {
      lines.splice(insertAt, 0, line);
      insertAt++;
      blockEnd++;
    }
  }
  return bom + lines.join(eol);
}

export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Writes `next` over `file` atomically, provided the file still holds the text whose hash is
 * `readHash` (what the edit was computed from); otherwise throws and writes nothing.
 */
export async function saveEditedText(file: string, readHash: string, next: string): Promise<void> {
  const now = await readFile(file, 'utf8');
  if (textHash(now) !== readHash) throw new Error(`${file} changed on disk while the change was being saved; nothing was written, open it again`);
  await writeFileAtomic(file, next);
}
