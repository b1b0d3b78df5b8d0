import type { z } from 'zod';
import { CourseSchema, type Course } from '../../../../shared/model/course';

/** Longest text we send in one render: well under Azure's 64 KB SSML per turn, and a sane phrase. */
export const MAX_TEXT_CHARS = 5000;

type Path = ReadonlyArray<string | number>;

/** Where an issue is, before it is mapped to a line: a JSON path plus the phrase it concerns. */
export interface PathIssue {
  readonly path: Path;
  readonly phraseId?: string;
  readonly problem: string;
  readonly hint?: string;
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
  const hint = missing ? `Add "${String(field)}" here.` : undefined;
  return { path, phraseId: phraseIdAt(path, raw), problem, ...(hint ? { hint } : {}) };
}

/** Shape (zod) first; only a well-shaped course gets the cross-reference checks. */
export function validateCourse(raw: unknown): { course?: Course; issues: PathIssue[] } {
  const parsed = CourseSchema.safeParse(raw);
  if (!parsed.success) return { issues: parsed.error.issues.map((issue) => zodIssueToPathIssue(issue, raw)) };
  const issues = crossCheck(parsed.data);
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
      const text = phrase[field];
      if (!text.trim()) {
        issues.push({ path: ['phrases', index, field], phraseId: phrase.id, problem: `phrase "${phrase.id}" has an empty "${field}" text`, hint: `Write the ${field} text, or remove the phrase.` });
      } else if (text.length > MAX_TEXT_CHARS) {
        issues.push({ path: ['phrases', index, field], phraseId: phrase.id, problem: `phrase "${phrase.id}" has a ${field} text of ${text.length} characters (limit ${MAX_TEXT_CHARS})`, hint: 'Split it into several phrases.' });
      }
    }

    for (const [variantId, override] of Object.entries(phrase.overrides ?? {})) {
      if (!variantIds.has(variantId)) {
        issues.push({ path: ['phrases', index, 'overrides', variantId], phraseId: phrase.id, problem: `override for unknown variant "${variantId}"`, hint: `Use one of: ${[...variantIds.keys()].join(', ')}.` });
      }
      if (override.voice !== undefined && !(override.voice in course.voices)) {
        issues.push({ path: ['phrases', index, 'overrides', variantId, 'voice'], phraseId: phrase.id, problem: `override uses voice role "${override.voice}", which is not in "voices" (known roles: ${roleList})` });
      }
      if (override.text !== undefined && !override.text.trim()) {
        issues.push({ path: ['phrases', index, 'overrides', variantId, 'text'], phraseId: phrase.id, problem: `phrase "${phrase.id}" overrides variant "${variantId}" with an empty text` });
      }
    }
  });
  return issues;
}
