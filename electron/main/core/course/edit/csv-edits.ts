import { parse } from 'csv-parse/sync';
import { formatCourseIssue } from '../course-issue';
import { courseIdFromFileName, importCsv, type CsvLayout } from '../csv-import';
import { applyEditsToValue, CourseEditError, pathText, type CourseEdit } from './course-edit';

/**
 * Course edits on a CSV phrase list. The edits are applied to the course the CSV imports to, then the
 * difference is written back the CSV's way: phrases as data rows (a row whose phrase did not change
 * keeps its text byte for byte; changed rows keep the column order and any extra columns), course
 * settings as `# key: value` header lines (the line is updated in place, or added above the header).
 * What a CSV cannot hold (per-phrase overrides, extra variants...) is refused with a CourseEditError.
 */

type Raw = { phrases: Phrase[]; variants: Array<{ id: string; rate?: number }> } & Record<string, unknown>;
type Phrase = { id: string; known: string; target: string; lesson?: string; notes?: string; tags?: string[] } & Record<string, unknown>;

/** Course values that live in a `# key:` line: the key written, then other spellings importCsv reads. */
const HEADER_KEYS: ReadonlyArray<{ read: (raw: Raw) => unknown; keys: readonly string[]; path?: string }> = [
  { read: (raw) => raw.id, keys: ['id'] },
  { read: (raw) => raw.title, keys: ['title', 'deck'] },
  { read: (raw) => (raw.languages as Record<string, unknown> | undefined)?.target, keys: ['target', 'target-language'], path: 'languages.target' },
  { read: (raw) => (raw.languages as Record<string, unknown> | undefined)?.known, keys: ['known', 'known-language'], path: 'languages.known' },
  { read: (raw) => (raw.voices as Record<string, unknown> | undefined)?.target, keys: ['target-voice'] },
  { read: (raw) => (raw.voices as Record<string, unknown> | undefined)?.known, keys: ['known-voice'] },
  { read: (raw) => raw.variants.find((variant) => variant.id === 'target-slow')?.rate, keys: ['slow-rate'] },
];
const PHRASE_COLUMNS = ['id', 'known', 'target', 'lesson', 'notes', 'tags'] as const;

export function applyCsvEdits(text: string, file: string, edits: readonly CourseEdit[]): string {
  const imported = importCsv(text, file, courseIdFromFileName(file));
  if ('issues' in imported) throw new CourseEditError(imported.issues.map(formatCourseIssue).join('\n'));
  const before = imported.raw as Raw;
  const after = applyEditsToValue(before, edits) as Raw;
  refuseWhatCsvCannotHold(before, after, edits);

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const { layout } = imported;
  const top = lines.slice(0, layout.headerIndex);
  for (const { read, keys, path } of HEADER_KEYS) {
    const value = read(after);
    // A value set on purpose is written even when it equals what the loader assumed, so the file says it.
    const named = path !== undefined && edits.some((edit) => edit.op === 'set' && edit.path.join('.') === path);
    if (value !== read(before) || named) setHeaderLine(top, keys, value);
  }
  const headerAt = top.length; // lines may have been added above the header
  const columns = [...layout.columns];
  let header = lines[layout.headerIndex]!;
  for (const column of ['lesson', 'notes', 'tags'] as const) {
    if (!columns.includes(column) && after.phrases.some((phrase) => phrase[column] !== undefined)) {
      columns.push(column);
      header += layout.delimiter + column;
    }
  }
  const rows = dataRows(before.phrases, after.phrases, layout, columns);
  const trailing = /\r?\n$/.test(text) ? eol : '';
  return [...top.slice(0, headerAt), header, ...rows].join(eol) + trailing;
}

function dataRows(before: readonly Phrase[], after: readonly Phrase[], layout: CsvLayout, columns: readonly string[]): string[] {
  const old = new Map(before.map((phrase, index) => [phrase.id, { phrase, text: rowText(layout.rowTexts[index]!) }]));
  const widened = columns.length > layout.columns.length;
  return after.map((phrase) => {
    const earlier = old.get(phrase.id);
    if (earlier && !widened && JSON.stringify(earlier.phrase) === JSON.stringify(phrase)) return earlier.text;
    // Extra columns (ignored by the import) keep their values when a known row changes.
    const fields = earlier ? splitRow(earlier.text, layout.delimiter) : [];
    return columns
      .map((column, index) => (isPhraseColumn(column) ? fieldOf(phrase, column) : (fields[index] ?? '')))
      .map((field) => quote(field, layout.delimiter))
      .join(layout.delimiter);
  });
}

function isPhraseColumn(column: string): column is (typeof PHRASE_COLUMNS)[number] {
  return (PHRASE_COLUMNS as readonly string[]).includes(column);
}

function fieldOf(phrase: Phrase, column: (typeof PHRASE_COLUMNS)[number]): string {
  if (column === 'tags') return (phrase.tags ?? []).join(' ');
  return phrase[column] ?? '';
}

/** A record's text without the blank lines before it and the line break after it. */
function rowText(raw: string): string {
  return raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
}

function splitRow(text: string, delimiter: string): string[] {
  return (parse(text, { delimiter, relax_column_count: true }) as string[][])[0] ?? [];
}

/** Quoted when the import would otherwise read it differently (separator, quote, line break, edge spaces). */
function quote(field: string, delimiter: string): string {
  const needs = field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim();
  return needs ? `"${field.replace(/"/g, '""')}"` : field;
}

function setHeaderLine(top: string[], keys: readonly string[], value: unknown): void {
  if (value === undefined) throw new CourseEditError(`a CSV phrase list cannot drop its "# ${keys[0]}:" value; set another one`);
  const text = String(value);
  if (/[\r\n]/.test(text)) throw new CourseEditError(`a "# ${keys[0]}:" line cannot hold a line break`);
  const index = top.findIndex((line) => {
    const directive = /^#\s*([A-Za-z][\w -]*?)\s*:/.exec(line);
    return directive !== null && keys.includes(directive[1]!.toLowerCase().replace(/[ _]/g, '-'));
  });
  if (index >= 0) {
    // Keep the line's own key spelling and spacing; replace only the value.
    const prefix = /^#[^:]*:\s?/.exec(top[index]!)![0];
    top[index] = prefix + text;
    // importCsv uses the last of repeated keys: drop later copies so this value is the one read.
    for (let later = top.length - 1; later > index; later--) if (keys.some((key) => new RegExp(`^#\\s*${key}\\s*:`, 'i').test(top[later]!))) top.splice(later, 1);
    return;
  }
  let lastDirective = -1;
  top.forEach((line, at) => {
    if (/^#/.test(line)) lastDirective = at;
  });
  top.splice(lastDirective + 1, 0, `# ${keys[0]}: ${text}`);
}

/** Everything a CSV keeps is a phrase column or a `# key:` line; anything else changed is refused. */
function refuseWhatCsvCannotHold(before: Raw, after: Raw, edits: readonly CourseEdit[]): void {
  const where = edits.map((edit) => pathText(edit.path)).join(', ');
  const cannot = (what: string): never => {
    throw new CourseEditError(`a CSV phrase list cannot hold ${what} (${where}); save the course as JSON to keep it`);
  };
  for (const phrase of after.phrases) {
    if (phrase === null || typeof phrase !== 'object') cannot('a phrase that is not an object');
    const extra = Object.keys(phrase).filter((key) => !isPhraseColumn(key));
    if (extra.length) cannot(`the phrase field${extra.length > 1 ? 's' : ''} ${extra.map((key) => `"${key}"`).join(', ')}`);
    if (phrase.tags?.some((tag) => typeof tag !== 'string' || /[\s;]/.test(tag) || !tag)) cannot('a tag with a space or ";" in it');
  }
  const rest = (raw: Raw): string => {
    const others: Record<string, unknown> = { ...raw, variants: raw.variants.map((variant) => (variant.id === 'target-slow' ? { ...variant, rate: 0 } : variant)) };
    for (const key of ['phrases', 'id', 'title', 'languages', 'voices']) delete others[key];
    const roles = Object.keys((raw.voices ?? {}) as object);
    return JSON.stringify({ others, roles, languageKeys: Object.keys((raw.languages ?? {}) as object) });
  };
  if (rest(before) !== rest(after)) cannot('this course setting');
}
