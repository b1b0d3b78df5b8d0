import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CourseIssue } from './course-issue';
import { detectSeparator, separatorFromDirective, separatorName } from './csv-separator';

/**
 * Imports a CSV of phrases into the course model. Columns: `id,known,target` plus optional `lesson`,
 * `notes`, `tags` (separated by spaces or `;`). The course metadata the rows cannot carry comes from
 * `# key: value` lines at the top (Anki-style headers such as `#separator:Semicolon` are read too):
 *
 *   # title: Spanish for English speakers
 *   # target: es-ES          # known: en-US
 *   # target-voice: es-ES-ElviraNeural   # known-voice: en-US-JennyNeural
 *   # slow-rate: 0.7
 *
 * Without `#separator:` the separator is detected from the header (comma, semicolon, tab or pipe).
 */

export const CSV_DEFAULTS = {
  target: 'es-ES',
  known: 'en-US',
  targetVoice: {
    'es-ES': 'es-ES-ElviraNeural',
    'en-US': 'en-US-JennyNeural',
    'fr-FR': 'fr-FR-DeniseNeural',
    'de-DE': 'de-DE-KatjaNeural',
    'it-IT': 'it-IT-ElsaNeural',
    'pt-BR': 'pt-BR-FranciscaNeural',
    'en-GB': 'en-GB-SoniaNeural',
  } as Record<string, string>,
  slowRate: 0.7,
};

/** The course id of a CSV without `# id:`: its file name, made an id. */
export function courseIdFromFileName(file: string): string {
  return (
    basename(file, extname(file))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'course'
  );
}

export const REQUIRED_COLUMNS = ['id', 'known', 'target'] as const;
const OPTIONAL_COLUMNS = ['lesson', 'notes', 'tags'] as const;

export interface CsvImport {
  readonly raw: unknown;
  /** Line of the CSV record that became `phrases[index]`. */
  readonly lineOfPhrase: (index: number) => number | undefined;
  readonly headerLine: number;
  /** Line where each voice role's voice is set or implied (`# target-voice:`, else `# target:`). */
  readonly voiceLines: Record<string, number | undefined>;
  readonly warnings: string[];
  /** What an editor needs to rewrite the rows in the file's own way (see edit/csv-edits.ts). */
  readonly layout: CsvLayout;
}

/** The separator, the header's columns in file order, and each record's text as written. */
export interface CsvLayout {
  readonly delimiter: string;
  /** 0-based index of the header row among the file's lines. */
  readonly headerIndex: number;
  readonly columns: readonly string[];
  readonly rowTexts: readonly string[];
}

type CsvRecord = { record: Record<string, string>; info: { lines: number }; raw: string };

export function importCsv(text: string, file: string, fallbackId: string): CsvImport | { issues: CourseIssue[] } {
  const warnings: string[] = [];
  const directives = new Map<string, { value: string; line: number }>();
  // Directive lines become blank lines, so csv-parse's line numbers stay the file's own.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerLine = 0;
  const body = lines.map((line, index) => {
    if (headerLine !== 0) return line;
    const directive = /^#\s*([A-Za-z][\w -]*?)\s*:\s?(.*?)\s*$/.exec(line);
    if (directive) {
      const key = directive[1]!.toLowerCase().replace(/[ _]/g, '-');
      const earlier = directives.get(key);
      if (earlier) warnings.push(`${file}:${index + 1}: "# ${key}:" is given twice (also line ${earlier.line}); using this one, "${directive[2]}"`);
      // `#separator: ` (a literal space) keeps its value; every other value is trimmed.
      directives.set(key, { value: key === 'separator' ? directive[2]! || line.slice(line.indexOf(':') + 1) : directive[2]!.trim(), line: index + 1 });
      return '';
    }
    if (line.startsWith('#')) return '';
    if (line.trim()) headerLine = index + 1;
    return line;
  });
  if (headerLine === 0) return { issues: [{ file, line: 1, problem: 'the CSV has no header row', hint: 'Start with the header "id,known,target".' }] };

  const declared = directives.get('separator');
  let delimiter: string;
  if (declared) {
    const chosen = separatorFromDirective(declared.value);
    if (!chosen)
      return {
        issues: [{ file, line: declared.line, problem: `unknown separator "${declared.value}"`, hint: 'Use Comma, Semicolon, Tab, Pipe, Space, Colon or the character itself.' }],
      };
    delimiter = chosen;
  } else {
    const detected = detectSeparator(body[headerLine - 1]!, file.toLowerCase().endsWith('.tsv') ? '\t' : ',');
    delimiter = detected.separator;
    if (detected.separator !== ',' && !file.toLowerCase().endsWith('.tsv')) {
      warnings.push(`${file}:${headerLine}: no "#separator:" line; the header is separated by ${separatorName(delimiter)}, so the file is read with that separator`);
    }
  }

  let header: string[] = [];
  let records: CsvRecord[];
  try {
    records = parse(body.join('\n'), {
      columns: (names: string[]) => (header = names.map((name) => name.trim().toLowerCase())),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
      bom: true,
    }) as CsvRecord[];
  } catch (error) {
    const err = error as { message: string; lines?: number };
    return {
      issues: [
        {
          file,
          line: err.lines,
          problem: `the CSV cannot be read with the separator ${separatorName(delimiter)}: ${err.message.replace(/^Invalid \w+ /, '')}`,
          hint: 'Check quotes and the number of columns on that line.',
        },
      ],
    };
  }

  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) {
    const found = header.length ? `found ${header.map((name) => `"${name}"`).join(', ')} reading with the separator ${separatorName(delimiter)}` : 'found no columns';
    return {
      issues: [
        {
          file,
          line: headerLine,
          problem: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (${found})`,
          hint: 'The header must contain id, known and target; for another separator add a "#separator:Semicolon" (or Tab, Pipe) line.',
        },
      ],
    };
  }
  const unknown = header.filter((column) => !(REQUIRED_COLUMNS as readonly string[]).includes(column) && !(OPTIONAL_COLUMNS as readonly string[]).includes(column));
  if (unknown.length) warnings.push(`${file}:${headerLine}: ignoring column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);

  const value = (key: string): string | undefined => directives.get(key)?.value;
  const target = value('target') ?? value('target-language');
  const known = value('known') ?? value('known-language');
  // Say only what is assumed: a file that names its target language is not told it was assumed.
  const assumed = [!target && `target ${CSV_DEFAULTS.target}`, !known && `known ${CSV_DEFAULTS.known}`].filter(Boolean);
  if (assumed.length) {
    const lines = [!target && '"# target:"', !known && '"# known:"'].filter(Boolean).join(' / ');
    warnings.push(`${file}: no ${lines} line${assumed.length > 1 ? 's' : ''}; assuming ${assumed.join(', ')}. Set the languages in the Course tab (or add the lines).`);
  }
  const languages = { target: target ?? CSV_DEFAULTS.target, known: known ?? CSV_DEFAULTS.known };

  const slowRateDirective = directives.get('slow-rate');
  const slowRate = slowRateDirective ? Number(slowRateDirective.value) : CSV_DEFAULTS.slowRate;
  if (slowRateDirective && !(/^\s*\d+(\.\d+)?\s*$/.test(slowRateDirective.value) && slowRate >= 0.5 && slowRate <= 2)) {
    return {
      issues: [
        {
          file,
          line: slowRateDirective.line,
          where: '"# slow-rate:"',
          problem: `the rate must be a number from 0.5 to 2.0, got "${slowRateDirective.value}"`,
          hint: 'Write e.g. "# slow-rate: 0.7".',
        },
      ],
    };
  }

  const phrases = records.map(({ record }) => ({
    id: record.id ?? '',
    known: record.known ?? '',
    target: record.target ?? '',
    ...(record.lesson ? { lesson: record.lesson } : {}),
    ...(record.notes ? { notes: record.notes } : {}),
    ...(record.tags ? { tags: record.tags.split(/[\s;]+/).filter(Boolean) } : {}),
  }));

  const raw = {
    schema: 'course/1',
    id: value('id') ?? fallbackId,
    title: value('title') ?? value('deck') ?? fallbackId,
    languages,
    voices: {
      target: value('target-voice') ?? defaultVoice(languages.target),
      known: value('known-voice') ?? defaultVoice(languages.known),
    },
    variants: [
      { id: 'known', text: 'known', voice: 'known', rate: 1 },
      { id: 'target', text: 'target', voice: 'target', rate: 1 },
      { id: 'target-slow', text: 'target', voice: 'target', rate: slowRate },
    ],
    phrases,
  };
  const lineOf = (...keys: string[]): number | undefined => keys.map((key) => directives.get(key)?.line).find((line) => line !== undefined);
  const voiceLines = { target: lineOf('target-voice', 'target', 'target-language') ?? headerLine, known: lineOf('known-voice', 'known', 'known-language') ?? headerLine };
  const layout = { delimiter, headerIndex: headerLine - 1, columns: header, rowTexts: records.map((record) => record.raw) };
  return { raw, lineOfPhrase: (index) => records[index]?.info.lines, headerLine, voiceLines, warnings, layout };
}

function defaultVoice(locale: string): string {
  return CSV_DEFAULTS.targetVoice[locale] ?? `${locale}-Neural`;
}
