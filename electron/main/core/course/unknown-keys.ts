import { z } from 'zod';

/**
 * Keys a course file sets that its format does not know. Validation drops them silently, so a typo
 * ("bitRate", "mp3Bitrate", "leadMS") would leave the default in force with no word about it: each is
 * reported, at its place, with the known key it most likely meant. Warnings, not errors: a producer
 * may keep notes of their own in the file, and keys starting with "_" or "$" ("_comment", "$schema")
 * are taken as such and never reported.
 *
 * Walks the same zod schema that validates the course, so the known keys have one definition.
 */
export interface UnknownKey {
  /** JSON path of the key (its object's path plus the key). */
  readonly path: Array<string | number>;
  readonly key: string;
  /** The known key it most likely stands for, if one is close. */
  readonly suggestion?: string;
}

/** Reported at most, so a file written for another tool does not print a line per phrase. */
const MAX_REPORTED = 10;

export function unknownKeys(schema: z.ZodType, raw: unknown): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(schema, raw, [], found);
  return found;
}

function walk(schema: z.ZodType, value: unknown, path: Array<string | number>, found: UnknownKey[]): void {
  if (found.length >= MAX_REPORTED || value === null || typeof value !== 'object') return;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) {
    walk(schema.unwrap() as z.ZodType, value, path, found);
  } else if (schema instanceof z.ZodArray) {
    if (Array.isArray(value)) value.forEach((item, index) => walk(schema.element as z.ZodType, item, [...path, index], found));
  } else if (schema instanceof z.ZodRecord) {
    if (!Array.isArray(value)) for (const [key, item] of Object.entries(value)) walk(schema.valueType as z.ZodType, item, [...path, key], found);
  } else if (schema instanceof z.ZodUnion) {
    // The object shape among the options (e.g. `false` or {"integrated", "truePeak"}).
    const shaped = (schema.options as z.ZodType[]).find((option) => option instanceof z.ZodObject);
    if (shaped) walk(shaped, value, path, found);
  } else if (schema instanceof z.ZodObject && !Array.isArray(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(shape, key)) walk(shape[key]!, item, [...path, key], found);
      else if (!/^[_$]/.test(key) && found.length < MAX_REPORTED) {
        const suggestion = closestKey(key, known);
        found.push({ path: [...path, key], key, ...(suggestion ? { suggestion } : {}) });
      }
    }
  }
}

/** A known key equal but for case and separators, contained in the unknown one, or 1-2 edits away. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  const plain = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, '');
  const wanted = plain(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const other = plain(candidate);
    if (other === wanted) return candidate;
    const distance = other.length >= 4 && wanted.includes(other) ? 1 : editDistance(wanted, other);
    if (distance <= (other.length <= 4 ? 1 : 2) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
