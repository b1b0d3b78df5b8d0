/**
 * A course-setup change turned into edits of the course file, as data: `path` -> `value` edits
 * (`undefined` removes). Pure: the studio's edit room applies them through course/edit (JSON and CSV),
 * and the loader then validates the result.
 *
 * Only what differs from the file is edited, field by field, so everything else (key order,
 * formatting, other fields, a variant's unknown keys) stays as the producer wrote it. Edits are
 * applied in order, each to the text the previous one left (removals come last-index first).
 */
import type { SetupChange, SetupPronunciation, SetupVariant } from '../../../../../shared/ipc/setup-contract';
import type { CourseEdit } from '../edit/course-edit';

export type JsonPath = Array<string | number>;
export interface JsonEdit {
  readonly path: JsonPath;
  /** `undefined` removes the property or array element. */
  readonly value: unknown;
}

type RawObject = Record<string, unknown>;
const VARIANT_FIELDS = ['id', 'text', 'voice', 'rate', 'pitch', 'style', 'styleDegree', 'leadingSilenceMs', 'trailingSilenceMs'] as const;
const PRONUNCIATION_FIELDS = ['locale', 'text', 'phoneme', 'alphabet', 'alias', 'ignoreCase'] as const;
const OUTPUT_FIELDS = ['format', 'naming', 'bitrate'] as const;

const isObject = (value: unknown): value is RawObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The edits that make the JSON document `raw` (the file as parsed) say what `change` asks. */
export function jsonEditsFor(raw: unknown, change: SetupChange): JsonEdit[] {
  const doc = isObject(raw) ? raw : {};
  const edits: JsonEdit[] = [];
  if (change.title !== undefined && doc.title !== change.title) edits.push({ path: ['title'], value: change.title });
  if (change.languages) {
    const languages = isObject(doc.languages) ? doc.languages : {};
    for (const side of ['target', 'known'] as const) {
      if (languages[side] !== change.languages[side]) edits.push({ path: ['languages', side], value: change.languages[side] });
    }
  }
  if (change.voices) edits.push(...recordEdits(['voices'], doc.voices, change.voices));
  if (change.variants) edits.push(...listEdits(['variants'], doc.variants, change.variants, VARIANT_FIELDS, { rate: 1 }));
  if (change.pronunciations) {
    edits.push(
      ...(change.pronunciations.length === 0
        ? doc.pronunciations === undefined
          ? []
          : [{ path: ['pronunciations'], value: undefined }]
        : listEdits(['pronunciations'], doc.pronunciations, change.pronunciations, PRONUNCIATION_FIELDS, {})),
    );
  }
  if (change.output) edits.push(...outputEdits(doc.output, change.output));
  return edits;
}

function recordEdits(path: JsonPath, current: unknown, wanted: Record<string, string>): JsonEdit[] {
  const have = isObject(current) ? current : {};
  if (!isObject(current)) return [{ path, value: wanted }];
  const edits: JsonEdit[] = [];
  for (const [key, value] of Object.entries(wanted)) if (have[key] !== value) edits.push({ path: [...path, key], value });
  for (const key of Object.keys(have)) if (!(key in wanted)) edits.push({ path: [...path, key], value: undefined });
  return edits;
}

/**
 * A list compared index by index: fields of kept elements edited in place, new elements appended
 * whole, extra ones removed from the end. `defaults` are values the loader assumes when a field is
 * absent (a variant's rate 1), so an absent field that already means the wanted value stays absent.
 */
function listEdits<T extends SetupVariant | SetupPronunciation>(
  path: JsonPath,
  current: unknown,
  wanted: readonly T[],
  fields: readonly string[],
  defaults: Record<string, unknown>,
): JsonEdit[] {
  if (!Array.isArray(current)) return [{ path, value: wanted.map(compact) }];
  const edits: JsonEdit[] = [];
  wanted.forEach((element, index) => {
    const have = current[index];
    if (!isObject(have)) {
      edits.push({ path: [...path, index], value: compact(element) });
      return;
    }
    for (const field of fields) {
      const want = (element as Record<string, unknown>)[field];
      const now = have[field] ?? defaults[field];
      if (!same(now, want ?? defaults[field])) edits.push({ path: [...path, index, field], value: want });
    }
  });
  for (let index = current.length - 1; index >= wanted.length; index--) edits.push({ path: [...path, index], value: undefined });
  return edits;
}

function outputEdits(current: unknown, wanted: NonNullable<SetupChange['output']>): JsonEdit[] {
  const want = compact(wanted);
  if (!isObject(current)) return Object.keys(want).length ? [{ path: ['output'], value: want }] : [];
  // An output block left with none of its settings goes, unless it holds keys of its own.
  if (!Object.keys(want).length && Object.keys(current).every((key) => (OUTPUT_FIELDS as readonly string[]).includes(key))) {
    return Object.keys(current).length ? [{ path: ['output'], value: undefined }] : [];
  }
  return OUTPUT_FIELDS.filter((field) => current[field] !== want[field]).map((field) => ({ path: ['output', field], value: want[field] }));
}

/** The object without its undefined fields (JSON would drop them anyway; edits must not carry them). */
function compact<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/**
 * The change as edits of the course file, for the one course-file writer (course/edit): `set` at each
 * path (an `undefined` value removes). A CSV course takes them too: its writer turns the course values
 * into `# key: value` lines and refuses, naming it, what a CSV cannot hold.
 */
export function setupEditsFor(raw: unknown, change: SetupChange): CourseEdit[] {
  return jsonEditsFor(raw, change).map((edit) => ({ op: 'set', path: edit.path, value: edit.value }));
}
