import type { Course } from '../../../../shared/model/course';
import type { Manifest } from '../../../../shared/model/render';
import { createHash } from 'node:crypto';
import { foldedName } from '../course/naming';
import { noteGuid } from './anki-ids';

/**
 * One Anki note per phrase: fields Known, Target, Audio (`[sound:...]` of every delivered variant that
 * speaks the target text), Lesson, Notes; tags from the phrase's lesson and tags. Media names are flat
 * (Anki's media folder has no subfolders), so a file in a folder is named with `_` for `/` (mediaNames).
 */
export const ANKI_FIELDS = ['Known', 'Target', 'Audio', 'Lesson', 'Notes'] as const;

export interface AnkiNote {
  readonly phrase: string;
  readonly guid: string;
  /** In ANKI_FIELDS order, HTML. */
  readonly fields: readonly string[];
  readonly tags: readonly string[];
  /** Media name in the package -> file in the output folder. */
  readonly media: ReadonlyArray<{ name: string; file: string }>;
}

/**
 * Each delivered file's media name, unique in the package: `_` for `/`, and where that makes two files
 * one name (`x/y_z.mp3` and `x_y/z.mp3`), or one where case and Unicode normalization are ignored (as
 * on Windows and macOS, where Anki keeps its media), the later file gets a short hash of its path:
 * two notes sharing one sound would play one phrase's audio for the other.
 */
export function mediaNames(files: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const file of files) {
    if (names.has(file)) continue;
    let name = file.replaceAll('/', '_');
    if (taken.has(foldedName(name))) {
      const dot = name.lastIndexOf('.');
      const hash = createHash('sha256').update(file).digest('hex').slice(0, 8);
      name = dot > 0 ? `${name.slice(0, dot)}-${hash}${name.slice(dot)}` : `${name}-${hash}`;
    }
    taken.add(foldedName(name));
    names.set(file, name);
  }
  return names;
}

/**
 * A course text as an Anki field: HTML-escaped, line breaks as <br>, and "[" as "&#91;", because Anki
 * reads "[sound:name]" (and "[anki:tts]") in any field as a tag to play: a phrase that mentions one
 * would reference media the package does not hold.
 */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('[', '&#91;').replace(/\r?\n/g, '<br>');
}

/** Anki tags are space-separated: spaces inside a tag become `_`. */
const tagOf = (text: string): string => text.trim().replace(/\s+/g, '_');

export function ankiNotes(course: Course, manifest: Manifest): AnkiNote[] {
  const targetVariants = new Set(course.variants.filter((variant) => variant.text === 'target').map((variant) => variant.id));
  // Each phrase's target-text files, in manifest order (grouped once: a course has tens of thousands).
  const filesOf = new Map<string, string[]>();
  for (const item of manifest.items) {
    if (!targetVariants.has(item.variant)) continue;
    const files = filesOf.get(item.phrase);
    if (files) files.push(item.file);
    else filesOf.set(item.phrase, [item.file]);
  }
  const names = mediaNames(course.phrases.flatMap((phrase) => filesOf.get(phrase.id) ?? []));
  return course.phrases.map((phrase) => {
    const media = (filesOf.get(phrase.id) ?? []).map((file) => ({ name: names.get(file)!, file }));
    const audio = media.map((entry) => `[sound:${entry.name}]`).join('');
    const tags = [...(phrase.lesson ? [phrase.lesson] : []), ...(phrase.tags ?? [])].map(tagOf).filter(Boolean);
    return {
      phrase: phrase.id,
      guid: noteGuid(course.id, phrase.id),
      fields: [escapeHtml(phrase.known), escapeHtml(phrase.target), audio, escapeHtml(phrase.lesson ?? ''), escapeHtml(phrase.notes ?? '')],
      tags: [...new Set(tags)],
      media,
    };
  });
}
