import { readFile } from 'node:fs/promises';
import { applyEdits, modify } from 'jsonc-parser';
import { writeFileAtomic } from '../output/atomic-write';

/**
 * Writes one role -> voice assignment back into a course JSON file, changing only that value: the
 * producer's formatting, key order and everything else stay byte for byte (the file is often under
 * version control). Written atomically.
 */
export async function saveVoiceAssignment(file: string, role: string, voice: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new Error(`${file} is no longer valid JSON (edited elsewhere?); the voice was not saved there`);
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const edits = modify(text, ['voices', role], voice, {
    formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' },
  });
  await writeFileAtomic(file, applyEdits(text, edits));
}
