/**
 * A course-setup change turned into edits of the course file, as data: JSON edits (`path` -> `value`,
 * `undefined` removes) for a JSON course, `# key: value` header lines for a CSV course. Pure: the
 * applier (apply-setup.ts) writes them, the loader then validates the result.
 *
 * Only what differs from the file is edited, field by field, so everything else (key order,
 * formatting, other fields, a variant's unknown keys) stays as the producer wrote it. Edits are
 * applied in order, each to the text the previous one left (removals come last-index first).
 */
import type { SetupChange, SetupPronunciation, SetupVariant } from '../../../../../shared/ipc/setup-contract';
import type { Course } from '../../../../../shared/model/course';

export type JsonPath = Array<string | number>;
export interface JsonEdit {
  readonly path: JsonPath;
  /** `undefined` removes the property or array element. */
  readonly value: unknown;
}
/** One `# key: value` line of a CSV course's header. */
export interface HeaderEdit {
  readonly key: string;
  readonly value: string;
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

/** A change a CSV phrase list has no header line for; the message says what and what to do. */
export class NotExpressibleInCsv extends Error {
  override readonly name = 'NotExpressibleInCsv';
}

const CSV_VARIANTS = ['known', 'target', 'target-slow'] as const;

/**
 * The `# key: value` lines that make a CSV course (whose setup is now `course`) say what `change`
 * asks; `declared` holds the header keys the file writes (`csvHeaderKeys`). A CSV list can say its title, languages, the target and known voices and the slow rate
 * (csv-import.ts); anything else throws NotExpressibleInCsv naming it.
 */
export function csvHeaderEditsFor(course: Course, change: SetupChange, declared: ReadonlySet<string> = new Set()): HeaderEdit[] {
  const edits: HeaderEdit[] = [];
  const unsupported: string[] = [];
  if (change.title !== undefined && change.title !== course.title) edits.push({ key: 'title', value: change.title });
  if (change.languages) {
    // Languages the file only implies (the loader's assumed defaults) are written too, once set here.
    for (const side of ['target', 'known'] as const)
      if (change.languages[side] !== course.languages[side] || !declared.has(side)) edits.push({ key: side, value: change.languages[side] });
  }
  if (change.voices) {
    for (const [role, voice] of Object.entries(change.voices)) {
      if (role !== 'target' && role !== 'known') unsupported.push(`the voice role "${role}"`);
      else if (course.voices[role] !== voice) edits.push({ key: `${role}-voice`, value: voice });
    }
  }
  if (change.variants) {
    const [known, target, slow] = change.variants;
    const plain = (variant: SetupVariant | undefined, index: number, text: 'known' | 'target', rateFixed: boolean): boolean =>
      variant !== undefined &&
      variant.id === CSV_VARIANTS[index] &&
      variant.text === text &&
      variant.voice === text &&
      (!rateFixed || variant.rate === 1) &&
      variant.pitch === undefined &&
      variant.style === undefined &&
      variant.styleDegree === undefined &&
      variant.leadingSilenceMs === undefined &&
      variant.trailingSilenceMs === undefined;
    if (change.variants.length !== 3 || !plain(known, 0, 'known', true) || !plain(target, 1, 'target', true) || !plain(slow, 2, 'target', false)) {
      unsupported.push('variants other than known, target and target-slow at their rates (pitch, style and silences need JSON; the slow rate is "# slow-rate:")');
    } else if (slow!.rate !== course.variants[2]?.rate) edits.push({ key: 'slow-rate', value: String(slow!.rate) });
  }
  if (change.pronunciations?.length) unsupported.push('a pronunciation table');
  if (change.output && Object.values(change.output).some((value) => value !== undefined)) unsupported.push('output settings');
  if (unsupported.length) {
    throw new NotExpressibleInCsv(
      `a CSV phrase list has no header line for ${unsupported.join(', ')}; save the course as JSON (course/1) to set ${unsupported.length > 1 ? 'them' : 'it'}`,
    );
  }
  return edits;
}
