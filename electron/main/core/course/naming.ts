import { DEFAULT_NAMING } from '../../../../shared/model/course';

export interface NamingFields {
  readonly phrase: string;
  readonly variant: string;
  readonly lesson?: string;
  /** 1-based position of the phrase in the course. */
  readonly index: number;
}

/** The fields a naming template may use; `{index:03}` pads the index to 1-9 digits. */
export const NAMING_FIELD = /\{(?:(phrase|variant|lesson)|index(?::(0[1-9]))?)\}/g;
export const NAMING_FIELDS_HELP = '{phrase} {variant} {lesson} {index} (or {index:03} for 001, 002, ...)';

/** Keeps one substituted value inside one path segment, whatever the producer typed. */
export function safeSegment(value: string): string {
  return value.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^\.+/, '_') || '_';
}

/**
 * Expands a naming template (`{phrase}_{variant}`, `{lesson}/{index:03}_{phrase}`) into a relative
 * path with extension. Slashes in the template make folders; values can never escape the output folder.
 */
export function fileNameFor(template: string | undefined, fields: NamingFields, extension: string): string {
  const expanded = (template ?? DEFAULT_NAMING).replace(NAMING_FIELD, (_match, name: string | undefined, pad: string | undefined) => {
    if (name === undefined) return pad ? String(fields.index).padStart(Number(pad), '0') : String(fields.index);
    const value = name === 'phrase' ? fields.phrase : name === 'variant' ? fields.variant : (fields.lesson ?? 'no-lesson');
    return safeSegment(value);
  });
  const segments = expanded
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment && segment !== '.' && segment !== '..');
  return `${segments.map(safeSegment).join('/')}.${extension}`;
}
