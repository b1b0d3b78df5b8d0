import type { Course } from '../../../../shared/model/course';
import type { Manifest } from '../../../../shared/model/render';
import { noteGuid } from './anki-ids';

/**
 * One Anki note per phrase: fields Known, Target, Audio (`[sound:...]` of every delivered variant that
 * speaks the target text), Lesson, Notes; tags from the phrase's lesson and tags. Media names are flat
 * (Anki's media folder has no subfolders), so a file in a folder is named with `_` for `/`.
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

export const mediaNameOf = (file: string): string => file.replaceAll('/', '_');

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
  return course.phrases.map((phrase) => {
    const media = manifest.items.filter((item) => item.phrase === phrase.id && targetVariants.has(item.variant)).map((item) => ({ name: mediaNameOf(item.file), file: item.file }));
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
