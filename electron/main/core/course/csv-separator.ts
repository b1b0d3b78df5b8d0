import { parse } from 'csv-parse/sync';

/**
 * The CSV field separator: declared (Anki's `#separator:` line: a name or the character itself) or
 * detected from the header, since European spreadsheets save with semicolons and others with tabs.
 */

const NAMED: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|', space: ' ', colon: ':' };
const CANDIDATES = [',', ';', '\t', '|'] as const;
const REQUIRED = ['id', 'known', 'target'];

export function separatorName(separator: string): string {
  const name = Object.entries(NAMED).find(([, char]) => char === separator)?.[0];
  return name ? `${name} "${separator === '\t' ? '\\t' : separator}"` : `"${separator}"`;
}

/** `Semicolon`, `tab`, `;`, `\t` -> the character; undefined for anything else. */
export function separatorFromDirective(value: string): string | undefined {
  const named = NAMED[value.trim().toLowerCase()];
  if (named) return named;
  if (value === '\\t') return '\t';
  if (value.length === 1 && !/[\w"\r\n]/.test(value)) return value;
  return undefined;
}

/**
 * The candidate that splits the header into the required columns (parsed as CSV, so a quoted
 * `"known, translated"` is one column); else the one giving the most columns; else the fallback.
 */
export function detectSeparator(headerLine: string, fallback: string): { separator: string; columns: string[] } {
  let best: { separator: string; columns: string[] } = { separator: fallback, columns: columnsOf(headerLine, fallback) };
  for (const separator of [fallback, ...CANDIDATES.filter((candidate) => candidate !== fallback)]) {
    const columns = columnsOf(headerLine, separator);
    if (REQUIRED.every((name) => columns.includes(name))) return { separator, columns };
    if (columns.length > best.columns.length) best = { separator, columns };
  }
  return best;
}

function columnsOf(line: string, separator: string): string[] {
  try {
    const [row] = parse(line, { delimiter: separator, relax_quotes: true, trim: true }) as string[][];
    return (row ?? []).map((name) => name.trim().toLowerCase());
  } catch {
    return [];
  }
}
