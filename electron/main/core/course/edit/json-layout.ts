/**
 * Writes a JSON value the way its neighbours in the file are written, so an added phrase looks like
 * the phrases around it: `{"id": "p1", "known": "Hi"}` on one line, or spread over lines with the
 * file's indentation unit.
 */
export interface JsonLayout {
  /** Between elements: a line break plus the sibling's indentation, or a space. */
  readonly separator: string;
  /** Siblings span several lines: write objects and arrays spread out. */
  readonly multiline: boolean;
  /** Indentation of the line the value starts on. */
  readonly indent: string;
  /** One level of indentation in this file (a tab or n spaces). */
  readonly unit: string;
  readonly eol: string;
}

export function layoutValue(value: unknown, layout: JsonLayout): string {
  return layout.multiline ? spread(value, layout.indent, layout) : compact(value);
}

/** `{"id": "p1", "tags": ["a", "b"]}`: JSON with the spaces people write. */
function compact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}: ${compact(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function spread(value: unknown, indent: string, layout: JsonLayout): string {
  const inner = indent + layout.unit;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${layout.eol}${value.map((item) => inner + spread(item, inner, layout)).join(`,${layout.eol}`)}${layout.eol}${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (!entries.length) return '{}';
    return `{${layout.eol}${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${spread(item, inner, layout)}`).join(`,${layout.eol}`)}${layout.eol}${indent}}`;
  }
  return JSON.stringify(value);
}
