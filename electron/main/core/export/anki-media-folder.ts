import { copyFile, link, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolder } from '../output/make-folder';

/** Files linked at once: the file system's thread pool works on several (a course has tens of thousands). */
const AT_ONCE = 64;

/**
 * The CSV's media, under the names its `[sound:]` fields use: `exports/{course}.media/`. The CSV
 * route has no package to carry them, and a media name is not always the delivered file's name (a
 * file in a folder is flattened, a clash gets a hash: anki-notes.ts mediaNames), so copying the output
 * folder into Anki's collection.media would leave sounds missing. Each file is a hard link to the
 * delivered one (no second copy of a course's audio on disk), or a copy where links are refused
 * (another volume, FAT/exFAT); a link already in place is kept; files of an earlier export no longer
 * named are removed.
 */
export async function writeAnkiMediaFolder(outDir: string, folder: string, media: ReadonlyArray<{ name: string; file: string }>): Promise<void> {
  const dir = join(outDir, folder);
  await makeFolder(dir);
  const wanted = new Set(media.map((entry) => entry.name));
  for (const name of await readdir(dir)) if (!wanted.has(name)) await rm(join(dir, name), { force: true, recursive: true });
  for (let start = 0; start < media.length; start += AT_ONCE)
    await Promise.all(media.slice(start, start + AT_ONCE).map(({ name, file }) => place(join(outDir, file), join(dir, name))));
}

async function place(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return replace(source, target);
  }
  // Already there: the same file (a link from an earlier export, the delivered file unchanged) is kept.
  const [was, now] = await Promise.all([stat(target), stat(source)]);
  if (was.ino !== now.ino || was.dev !== now.dev) await replace(source, target);
}

/** A new link (or copy) beside the target, renamed over it: an interrupted export leaves one or the other. */
async function replace(source: string, target: string): Promise<void> {
  const temp = `${target}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  await link(source, temp).catch(() => copyFile(source, temp));
  await rename(temp, target);
}
