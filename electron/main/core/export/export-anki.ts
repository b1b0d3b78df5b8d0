import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { Course } from '../../../../shared/model/course';
import { ManifestSchema } from '../../../../shared/model/render';
import { writeFileAtomic } from '../output/atomic-write';
import { asStorageError } from '../output/storage-error';
import { MANIFEST_FILE } from '../run/manifest';
import { ankiCsv } from './anki-csv';
import { buildCollection } from './anki-collection';
import { writeAnkiMediaFolder } from './anki-media-folder';
import { ankiNotes } from './anki-notes';

/**
 * `--export anki`: `exports/{course}.apkg` (collection + media, Anki's package format: a zip of
 * `collection.anki2`, the media files named 0, 1, ... and a `media` JSON map of those numbers to file
 * names) and `exports/{course}.csv` with its media under their names in `exports/{course}.media/`, from
 * the delivered files the manifest lists.
 */
export const EXPORTS_DIR = 'exports';

export async function exportAnki(course: Course, outDir: string): Promise<{ files: string[]; notes: number; media: number; mediaFolder: string }> {
  try {
    const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')));
    const notes = ankiNotes(course, manifest);
    const zip: Zippable = { 'collection.anki2': await buildCollection({ courseId: course.id, deckName: course.title, notes }) };
    const mediaMap: Record<string, string> = {};
    let index = 0;
    for (const entry of notes.flatMap((note) => note.media)) {
      const number = String(index++);
      mediaMap[number] = entry.name;
      zip[number] = new Uint8Array(await readFile(join(outDir, entry.file)));
    }
    zip.media = new TextEncoder().encode(JSON.stringify(mediaMap));
    const apkg = join(EXPORTS_DIR, `${course.id}.apkg`);
    const csv = join(EXPORTS_DIR, `${course.id}.csv`);
    await writeFileAtomic(join(outDir, apkg), zipSync(zip, { level: 0 }));
    await writeFileAtomic(join(outDir, csv), ankiCsv(course.title, notes));
    const mediaFolder = join(EXPORTS_DIR, `${course.id}.media`);
    await writeAnkiMediaFolder(
      outDir,
      mediaFolder,
      notes.flatMap((note) => note.media),
    );
    return { files: [apkg, csv], notes: notes.length, media: index, mediaFolder };
  } catch (error) {
    throw asStorageError(error, outDir);
  }
}
