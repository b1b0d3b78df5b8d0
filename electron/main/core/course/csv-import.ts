import { parse } from 'csv-parse/sync';
import type { CourseIssue } from './course-issue';

/**
 * Imports a CSV of phrases into the course model. Columns: `id,known,target` plus optional `lesson`,
 * `notes`, `tags` (separated by spaces or `;`). The course metadata the rows cannot carry comes from
 * `# key: value` lines at the top (Anki-style headers such as `#separator:` are accepted too):
 *
 *   # title: Spanish for English speakers
 *   # target: es-ES          # known: en-US
 *   # target-voice: es-ES-ElviraNeural   # known-voice: en-US-JennyNeural
 *   # slow-rate: 0.7
 */

export const CSV_DEFAULTS = {
  target: 'es-ES',
  known: 'en-US',
  targetVoice: { 'es-ES': 'es-ES-ElviraNeural', 'en-US': 'en-US-JennyNeural', 'fr-FR': 'fr-FR-DeniseNeural', 'de-DE': 'de-DE-KatjaNeural', 'it-IT': 'it-IT-ElsaNeural', 'pt-BR': 'pt-BR-FranciscaNeural', 'en-GB': 'en-GB-SoniaNeural' } as Record<string, string>,
  slowRate: 0.7,
};

const REQUIRED_COLUMNS = ['id', 'known', 'target'] as const;
const OPTIONAL_COLUMNS = ['lesson', 'notes', 'tags'] as const;
const SEPARATORS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|', ',': ',', ';': ';', '|': '|' };

export interface CsvImport {
  readonly raw: unknown;
  /** Line of the CSV record that became `phrases[index]`. */
  readonly lineOfPhrase: (index: number) => number | undefined;
  readonly headerLine: number;
  readonly warnings: string[];
}

type CsvRecord = { record: Record<string, string>; info: { lines: number } };

export function importCsv(text: string, file: string, fallbackId: string): CsvImport | { issues: CourseIssue[] } {
  const warnings: string[] = [];
  const directives = new Map<string, string>();
  // Directive lines become blank lines, so csv-parse's line numbers stay the file's own.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerLine = 0;
  const body = lines.map((line, index) => {
    const directive = /^#\s*([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$/.exec(line);
    if (directive && headerLine === 0) {
      directives.set(directive[1]!.toLowerCase().replace(/[ _]/g, '-'), directive[2]!);
      return '';
    }
    if (line.startsWith('#') && headerLine === 0) return '';
    if (headerLine === 0 && line.trim()) headerLine = index + 1;
    return line;
  });

  const separatorName = directives.get('separator') ?? ',';
  const delimiter = SEPARATORS[separatorName.toLowerCase()];
  if (!delimiter) {
    return { issues: [{ file, line: 1, problem: `unknown separator "${separatorName}"`, hint: 'Use comma, semicolon, tab or pipe.' }] };
  }

  let records: CsvRecord[];
  try {
    records = parse(body.join('\n'), {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as CsvRecord[];
  } catch (error) {
    const err = error as { message: string; lines?: number };
    return { issues: [{ file, line: err.lines, problem: `the CSV cannot be read: ${err.message.replace(/^Invalid \w+ /, '')}`, hint: 'Check quotes and the number of columns on that line.' }] };
  }

  if (headerLine === 0) return { issues: [{ file, line: 1, problem: 'the CSV has no header row', hint: 'Start with the header "id,known,target".' }] };
  const header = body[headerLine - 1]!.split(delimiter).map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length) {
    return { issues: [{ file, line: headerLine, problem: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`, hint: 'The header must contain id, known and target.' }] };
  }
  const unknown = header.filter((column) => !(REQUIRED_COLUMNS as readonly string[]).includes(column) && !(OPTIONAL_COLUMNS as readonly string[]).includes(column));
  if (unknown.length) warnings.push(`${file}:${headerLine}: ignoring column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);

  const target = directives.get('target') ?? directives.get('target-language');
  const known = directives.get('known') ?? directives.get('known-language');
  if (!target || !known) {
    warnings.push(`${file}: no "# target:" / "# known:" lines; assuming target ${target ?? CSV_DEFAULTS.target}, known ${known ?? CSV_DEFAULTS.known}`);
  }
  const languages = { target: target ?? CSV_DEFAULTS.target, known: known ?? CSV_DEFAULTS.known };
  const slowRate = Number(directives.get('slow-rate') ?? CSV_DEFAULTS.slowRate);

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
    id: directives.get('id') ?? fallbackId,
    title: directives.get('title') ?? directives.get('deck') ?? fallbackId,
    languages,
    voices: {
      target: directives.get('target-voice') ?? defaultVoice(languages.target),
      known: directives.get('known-voice') ?? defaultVoice(languages.known),
    },
    variants: [
      { id: 'known', text: 'known', voice: 'known', rate: 1 },
      { id: 'target', text: 'target', voice: 'target', rate: 1 },
      { id: 'target-slow', text: 'target', voice: 'target', rate: slowRate },
    ],
    phrases,
  };
  return { raw, lineOfPhrase: (index) => records[index]?.info.lines, headerLine, warnings };
}

function defaultVoice(locale: string): string {
  return CSV_DEFAULTS.targetVoice[locale] ?? `${locale}-Neural`;
}
