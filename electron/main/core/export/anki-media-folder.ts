import { copyFile, link, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolder } from '../output/make-folder';

/**
 * The CSV's media, under the names its `[sound:]` fields use: `exports/{course}.media/`. The CSV
 * route has no package to carry them, and a media name is not always the delivered file's name (a
 * file in a folder is flattened, a clash gets a hash: anki-notes.ts mediaNames), so copying the output
 * folder into Anki's collection.media would leave sounds missing. Each file is a hard link to the
 * delivered one (no second copy of a course's audio on disk), or a copy where links are refused
 * (another volume, FAT/exFAT); files of an earlier export no longer named are removed.
 */
export async function writeAnkiMediaFolder(outDir: string, folder: string, media: ReadonlyArray<{ name: string; file: string }>): Promise<void> {
  const dir = join(outDir, folder);
  await makeFolder(dir);
  const wanted = new Set(media.map((entry) => entry.name));
  for (const name of await readdir(dir)) if (!wanted.has(name)) await rm(join(dir, name), { force: true, recursive: true });
  for (const { name, file } of media) {
    // A new link (or copy) beside the old one, renamed over it: an interrupted export leaves either.
    const temp = join(dir, `.${name}.${process.pid}.tmp`);
    await rm(temp, { force: true });
    await link(join(outDir, file), temp).catch(() => copyFile(join(outDir, file), temp));
    await rename(temp, join(dir, name));
  }
}
