import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Course } from '../../../../shared/model/course';
import { ManifestSchema } from '../../../../shared/model/render';
import { writeFileAtomic } from '../output/atomic-write';
import { asStorageError } from '../output/storage-error';
import { MANIFEST_FILE } from '../run/manifest';
import { ankiCsv } from './anki-csv';
import { buildCollection } from './anki-collection';
import { writeAnkiMediaFolder } from './anki-media-folder';
import { writeApkg } from './apkg-zip';
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
    const collection = await buildCollection({ courseId: course.id, deckName: course.title, notes });
    const media = notes.flatMap((note) => note.media);
    const apkg = join(EXPORTS_DIR, `${course.id}.apkg`);
    const csv = join(EXPORTS_DIR, `${course.id}.csv`);
    await writeFileAtomic(join(outDir, apkg), (handle) => writeApkg(handle, collection, outDir, media));
    await writeFileAtomic(join(outDir, csv), ankiCsv(course.title, notes));
    const mediaFolder = join(EXPORTS_DIR, `${course.id}.media`);
    await writeAnkiMediaFolder(outDir, mediaFolder, media);
    return { files: [apkg, csv], notes: notes.length, media: media.length, mediaFolder };
  } catch (error) {
    throw asStorageError(error, outDir);
  }
}
