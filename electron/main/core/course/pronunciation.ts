/**
 * The course's pronunciation table applied to one render's text: every whole-word occurrence of an
 * entry becomes `<phoneme alphabet="ipa" ph="…">word</phoneme>` or `<sub alias="…">word</sub>`.
 *
 * Rules (stated in the course/ README):
 * - an entry applies to renders of its `locale` (compared case-insensitively), or to all without one;
 * - whole words: the character before a match and the one after it must not be a letter, digit or
 *   combining mark of any script (Unicode \p{L}\p{N}\p{M}) where the entry itself starts/ends with one,
 *   so "Ana" matches in "¡Ana!" but not in "Anabel", and "Sr." matches before a space;
 * - case-sensitive unless the entry says `"ignoreCase": true`;
 * - leftmost, then longest entry first ("Sra. Ana" before "Ana"); matches never overlap.
 * Everything, matched word included, is XML-escaped, so an entry cannot inject markup either.
 */
import type { Pronunciation } from '../../../../shared/model/course';
import { escapeXml } from './xml-escape';

const WORD = /[\p{L}\p{N}\p{M}]/u;

/** The entries for `locale`, longest first (ties: table order), ready for `applyPronunciations`. */
export function pronunciationsFor(table: readonly Pronunciation[] | undefined, locale: string): Pronunciation[] {
  const wanted = locale.toLowerCase();
  return (table ?? []).filter((entry) => entry.locale === undefined || entry.locale.toLowerCase() === wanted).sort((a, b) => b.text.length - a.text.length);
}

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.charAt(index - 1);
}

function codePointAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function matchesAt(text: string, index: number, entry: Pronunciation): boolean {
  const slice = text.slice(index, index + entry.text.length);
  if (slice.length !== entry.text.length) return false;
  if (entry.ignoreCase ? slice.toLowerCase() !== entry.text.toLowerCase() : slice !== entry.text) return false;
  if (WORD.test(codePointAt(entry.text, 0)) && WORD.test(codePointBefore(text, index))) return false;
  if (WORD.test(codePointBefore(entry.text, entry.text.length)) && WORD.test(codePointAt(text, index + entry.text.length))) return false;
  return true;
}

function element(word: string, entry: Pronunciation): string {
  if (entry.alias !== undefined) return `<sub alias="${escapeXml(entry.alias)}">${escapeXml(word)}</sub>`;
  return `<phoneme alphabet="${escapeXml(entry.alphabet ?? 'ipa')}" ph="${escapeXml(entry.phoneme ?? '')}">${escapeXml(word)}</phoneme>`;
}

/** `text` as escaped SSML with the entries (from `pronunciationsFor`) applied. */
export function applyPronunciations(text: string, entries: readonly Pronunciation[]): string {
  const folded = text.toLowerCase();
  const candidates = entries.filter((entry) => (entry.ignoreCase ? folded.includes(entry.text.toLowerCase()) : text.includes(entry.text)));
  if (!candidates.length) return escapeXml(text);
  let out = '';
  let plainFrom = 0;
  let index = 0;
  while (index < text.length) {
    const entry = candidates.find((candidate) => matchesAt(text, index, candidate));
    if (entry) {
      out += escapeXml(text.slice(plainFrom, index)) + element(text.slice(index, index + entry.text.length), entry);
      index += entry.text.length;
      plainFrom = index;
    } else index++;
  }
  return out + escapeXml(text.slice(plainFrom));
}

/** Whether any entry would change this text (for "which renders does this entry affect"). */
export function pronunciationAffects(text: string, entry: Pronunciation): boolean {
  return applyPronunciations(text, [entry]) !== escapeXml(text);
}
