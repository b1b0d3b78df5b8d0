import { DEFAULT_NAMING } from '../../../../shared/model/course';
import { NO_LESSON } from '../../../../shared/model/track-files';

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

/** The folder lesson tracks are written under, one subfolder per track. */
export const TRACKS_DIR = 'tracks';

/**
 * Which file of a track a phrase is in: its lesson (per lesson), or the course id (per course). The
 * value is the track's `lesson` in the manifest; its file name is `trackFilePath`'s.
 */
export function trackGroupOf(per: 'lesson' | 'course', courseId: string, lesson: string | undefined): string {
  return per === 'course' ? courseId : (lesson ?? NO_LESSON);
}

/** Where a track's file for one group is written, relative to the output folder (its WebVTT beside it, same stem). */
export function trackFilePath(trackId: string, group: string, extension: string): string {
  return `${TRACKS_DIR}/${trackId}/${safeSegment(group)}.${extension}`;
}

/**
 * A file name as case-insensitive, normalizing file systems (APFS, NTFS) see it: two names that fold
 * to the same key are one file there. ASCII skips the normalization (a course has 300,000 names).
 */
export function foldedName(name: string): string {
  return (/^[\x20-\x7e]*$/.test(name) ? name : name.normalize('NFC')).toLowerCase();
}

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
    const value = name === 'phrase' ? fields.phrase : name === 'variant' ? fields.variant : (fields.lesson ?? NO_LESSON);
    return safeSegment(value);
  });
  const segments = expanded
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment && segment !== '.' && segment !== '..');
  return `${segments.map(safeSegment).join('/')}.${extension}`;
}
