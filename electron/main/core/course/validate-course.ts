import type { z } from 'zod';
import { CourseSchema, type Course } from '../../../../shared/model/course';
import { outputPathIssues } from './output-paths';
import { authoringIssues } from './validate-authoring';
import { trackIssues } from './track-checks';
import { forbiddenCharacter, spokenTextFault, type TextFault } from './text-rules';

export { MAX_TEXT_CHARS } from './text-rules';

type Path = ReadonlyArray<string | number>;

/** Where an issue is, before it is mapped to a line: a JSON path plus the phrase it concerns. */
export interface PathIssue {
  readonly path: Path;
  readonly phraseId?: string;
  readonly problem: string;
  readonly hint?: string;
  /** For a fault inside a string value: the index of the bad character, so the column can point at it. */
  readonly charIndex?: number;
}

/** `['phrases', 3, 'target']` -> `phrases[3] (id "p004").target`, so a producer finds it by id too. */
export function describePath(path: Path, raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && id) out += ` (id "${id}")`;
    } else {
      out += out ? `.${key}` : key;
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

function phraseIdAt(path: Path, raw: unknown): string | undefined {
  if (path[0] !== 'phrases' || typeof path[1] !== 'number') return undefined;
  const phrases = (raw as { phrases?: unknown })?.phrases;
  const phrase = Array.isArray(phrases) ? phrases[path[1]] : undefined;
  const id = phrase && typeof phrase === 'object' ? (phrase as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function zodIssueToPathIssue(issue: z.core.$ZodIssue, raw: unknown): PathIssue {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  const field = path[path.length - 1];
  const problem = missing ? `"${String(field)}" is missing` : issue.message;
  const hint = missing ? `Add "${String(field)}" here.` : field === 'rate' ? 'Write a number from 0.5 (half speed) to 2.0 (double speed), e.g. 0.7.' : undefined;
  return { path, phraseId: phraseIdAt(path, raw), problem, ...(hint ? { hint } : {}) };
}

/** Shape (zod) first; only a well-shaped course gets the cross-reference checks. */
export function validateCourse(raw: unknown): { course?: Course; issues: PathIssue[] } {
  const parsed = CourseSchema.safeParse(raw);
  if (!parsed.success) return { issues: parsed.error.issues.map((issue) => zodIssueToPathIssue(issue, raw)) };
  const issues = [...crossCheck(parsed.data), ...stringIssues(parsed.data), ...authoringIssues(parsed.data), ...trackIssues(parsed.data)];
  if (!issues.length) issues.push(...outputPathIssues(parsed.data));
  return issues.length ? { issues } : { course: parsed.data, issues };
}

function crossCheck(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const roles = Object.keys(course.voices);
  const roleList = roles.map((role) => `"${role}"`).join(', ');

  const variantIds = new Map<string, number>();
  course.variants.forEach((variant, index) => {
    const first = variantIds.get(variant.id);
    if (first !== undefined) {
      issues.push({ path: ['variants', index, 'id'], problem: `duplicate variant id "${variant.id}" (also variants[${first}])`, hint: 'Give every variant its own id.' });
    } else variantIds.set(variant.id, index);
    if (!(variant.voice in course.voices)) {
      issues.push({
        path: ['variants', index, 'voice'],
        problem: `variant "${variant.id}" uses voice role "${variant.voice}", which is not in "voices" (known roles: ${roleList})`,
        hint: `Add "${variant.voice}" to "voices" or use one of the known roles.`,
      });
    }
  });

  const spokenFields = new Set(course.variants.map((variant) => variant.text));
  const phraseIds = new Map<string, number>();
  course.phrases.forEach((phrase, index) => {
    const first = phraseIds.get(phrase.id);
    if (first !== undefined) {
      issues.push({
        path: ['phrases', index, 'id'],
        phraseId: phrase.id,
        problem: `duplicate phrase id "${phrase.id}" (first used by phrases[${first}])`,
        hint: 'Phrase ids name the audio files and the cache, so each must be unique.',
      });
    } else phraseIds.set(phrase.id, index);

    for (const field of spokenFields) {
      const fault = spokenTextFault(phrase[field]);
      if (fault) issues.push(textIssue(['phrases', index, field], phrase.id, `"${field}" text`, fault));
    }

    for (const [variantId, override] of Object.entries(phrase.overrides ?? {})) {
      if (!variantIds.has(variantId)) {
        issues.push({
          path: ['phrases', index, 'overrides', variantId],
          phraseId: phrase.id,
          problem: `override for unknown variant "${variantId}"`,
          hint: `Use one of: ${[...variantIds.keys()].join(', ')}.`,
        });
      }
      if (override.voice !== undefined && !(override.voice in course.voices)) {
        issues.push({
          path: ['phrases', index, 'overrides', variantId, 'voice'],
          phraseId: phrase.id,
          problem: `override uses voice role "${override.voice}", which is not in "voices" (known roles: ${roleList})`,
        });
      }
      const fault = override.text === undefined ? undefined : spokenTextFault(override.text);
      if (fault) issues.push(textIssue(['phrases', index, 'overrides', variantId, 'text'], phrase.id, `override text for variant "${variantId}"`, fault));
    }
  });
  return issues;
}

function textIssue(path: Path, phraseId: string, what: string, fault: TextFault): PathIssue {
  const problem =
    fault.kind === 'empty'
      ? fault.problem === 'an empty text'
        ? `phrase "${phraseId}" has an empty ${what}`
        : `phrase "${phraseId}": the ${what} has ${fault.problem}`
      : fault.kind === 'too-long'
        ? `phrase "${phraseId}": the ${what} has ${fault.problem}`
        : `phrase "${phraseId}" has ${fault.problem} of its ${what}`;
  return { path, phraseId, problem, hint: fault.hint, ...(fault.at !== undefined ? { charIndex: fault.at } : {}) };
}

/** Control characters in the strings that are not spoken but end up in names, the manifest or the UI. */
function stringIssues(course: Course): PathIssue[] {
  const issues: PathIssue[] = [];
  const check = (path: Path, value: string | undefined, what: string, allowLineBreaks = false, phraseId?: string): void => {
    const fault = value === undefined ? undefined : forbiddenCharacter(value, allowLineBreaks);
    if (fault)
      issues.push({
        path,
        ...(phraseId ? { phraseId } : {}),
        problem: `the ${what} has ${fault.problem}`,
        hint: fault.hint,
        ...(fault.at !== undefined ? { charIndex: fault.at } : {}),
      });
  };
  check(['title'], course.title, 'title');
  for (const [role, voice] of Object.entries(course.voices)) check(['voices', role], voice, `voice for "${role}"`);
  course.variants.forEach((variant, index) => check(['variants', index, 'voice'], variant.voice, `voice role of variant "${variant.id}"`));
  course.phrases.forEach((phrase, index) => {
    check(['phrases', index, 'lesson'], phrase.lesson, `lesson of phrase "${phrase.id}"`, false, phrase.id);
    check(['phrases', index, 'notes'], phrase.notes, `notes of phrase "${phrase.id}"`, true, phrase.id);
    phrase.tags?.forEach((tag, tagIndex) => check(['phrases', index, 'tags', tagIndex], tag, `tag of phrase "${phrase.id}"`, false, phrase.id));
  });
  return issues;
}
