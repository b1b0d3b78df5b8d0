/**
 * Checks of what a producer writes to shape speech: the pronunciation table and the inline delivery
 * markup of the spoken texts. Same shape as the rest of validation: a path, the phrase, a one-line
 * problem and what to do; markup problems point at the character (charIndex).
 */
import type { Course } from '../../../../shared/model/course';
import { parseMarkup, spokenText } from './markup';
import { forbiddenCharacter } from './text-rules';
import type { PathIssue } from './validate-course';

export function authoringIssues(course: Course): PathIssue[] {
  return [...pronunciationIssues(course), ...markupIssues(course)];
}

function pronunciationIssues(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Map<string, number>();
  (course.pronunciations ?? []).forEach((entry, index) => {
    const path = ['pronunciations', index];
    const what = `pronunciation of "${entry.text}"`;
    if ((entry.phoneme === undefined) === (entry.alias === undefined)) {
      issues.push({
        path,
        problem: `the ${what} needs exactly one of "phoneme" and "alias"`,
        hint: 'Write "phoneme" (with "alphabet", default "ipa") to say it by sound, or "alias" to say other words instead.',
      });
    } else if (entry.alphabet !== undefined && entry.phoneme === undefined) {
      issues.push({ path: [...path, 'alphabet'], problem: `the ${what} has an "alphabet" but no "phoneme"`, hint: 'Remove "alphabet", or write the "phoneme".' });
    }
    if (entry.text.trim() !== entry.text || !/[^\s\p{Cf}]/u.test(entry.text)) {
      issues.push({ path: [...path, 'text'], problem: `the ${what} starts or ends with spaces`, hint: 'Write the word itself; whole words are matched anyway.' });
    }
    for (const field of ['text', 'phoneme', 'alias'] as const) {
      const fault = entry[field] === undefined ? undefined : forbiddenCharacter(entry[field], false);
      if (fault)
        issues.push({
          path: [...path, field],
          problem: `the ${what} has ${fault.problem} in "${field}"`,
          hint: fault.hint,
          ...(fault.at !== undefined ? { charIndex: fault.at } : {}),
        });
    }
    const key = `${entry.locale?.toLowerCase() ?? '*'}\u0000${entry.ignoreCase ? entry.text.toLowerCase() : entry.text}`;
    const first = seen.get(key);
    if (first !== undefined)
      issues.push({ path: [...path, 'text'], problem: `the ${what} repeats pronunciations[${first}] for the same locale`, hint: 'Keep one entry per word and locale.' });
    else seen.set(key, index);
  });
  return issues;
}

function markupIssues(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const fields = new Set(course.variants.map((variant) => variant.text));
  course.phrases.forEach((phrase, index) => {
    const texts: Array<{ path: Array<string | number>; text: string; what: string }> = [...fields].map((field) => ({
      path: ['phrases', index, field],
      text: phrase[field],
      what: `"${field}" text`,
    }));
    for (const [variantId, override] of Object.entries(phrase.overrides ?? {})) {
      if (override.text !== undefined)
        texts.push({ path: ['phrases', index, 'overrides', variantId, 'text'], text: override.text, what: `override text for variant "${variantId}"` });
    }
    for (const { path, text, what } of texts) {
      const parsed = parseMarkup(text);
      for (const problem of parsed.problems)
        issues.push({ path, phraseId: phrase.id, problem: `phrase "${phrase.id}": the ${what} has ${problem.problem}`, hint: problem.hint, charIndex: problem.at });
      if (!parsed.problems.length && text.trim() && !/[^\s\p{Cf}\p{Z}]/u.test(spokenText(parsed.nodes))) {
        issues.push({
          path,
          phraseId: phrase.id,
          problem: `phrase "${phrase.id}": the ${what} is only markup, nothing would be said`,
          hint: 'Write the words to say around the pauses.',
        });
      }
    }
  });
  return issues;
}
