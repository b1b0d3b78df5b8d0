import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeFileAtomic } from '../../output/atomic-write';
import { readCourseText } from '../course-text';
import { contentHash, hashOnDisk, MISSING_FILE_HASH } from './content-hash';
import { CourseEditError, type CourseEdit } from './course-edit';
import { applyCsvEdits } from './csv-edits';
import { applyJsonEdits } from './json-edits';

/**
 * A course file as the studio edits it: the text, and the hash of the bytes it was read (or last
 * saved) with. Edits make a new text (the file's own way: see json-edits.ts, csv-edits.ts); a save
 * writes it atomically, and only if the file on disk still has that hash, so a change made elsewhere
 * (an editor, git, a sync tool) is never overwritten.
 */
export interface CourseDocument {
  readonly file: string;
  readonly format: 'json' | 'csv';
  /** The text (without a byte order mark) as read or saved. */
  readonly text: string;
  /** sha256 of the file's bytes when `text` was read or saved (MISSING_FILE_HASH: expected to be gone). */
  readonly diskHash: string;
  /** The file began with a UTF-8 byte order mark: it is written back with one. */
  readonly bom: boolean;
}

/** The file changed on disk since it was read: the save was not made. */
export class CourseChangedOnDiskError extends Error {
  override readonly name = 'CourseChangedOnDiskError';
  constructor(readonly file: string) {
    super(`${file} changed on disk since the studio read it; nothing was written over it. Reload it (take theirs) or save again to keep yours`);
  }
}

export function courseFormatOf(file: string): 'json' | 'csv' {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  throw new CourseEditError(`${file}: only .json, .csv and .tsv course files can be edited`);
}

/** Reads a course file (same limits and encoding checks as the loader) with the hash of its bytes. */
export async function readCourseDocument(file: string): Promise<CourseDocument> {
  const format = courseFormatOf(file);
  for (;;) {
    const text = await readCourseText(file);
    const bom = await startsWithBom(file);
    const bytes = encode(text, bom);
    // The hash must describe the very text read: re-read if the file changed in between.
    const diskHash = contentHash(bytes);
    if ((await hashOnDisk(file)) === diskHash) return { file, format, text, diskHash, bom };
  }
}

/** The document's text with the edits applied (nothing is written). Throws a CourseEditError. */
export function applyCourseEdits(document: Pick<CourseDocument, 'file' | 'format'>, text: string, edits: readonly CourseEdit[]): string {
  return document.format === 'json' ? applyJsonEdits(text, edits) : applyCsvEdits(text, document.file, edits);
}

/**
 * Writes `text` over the document's file atomically, if the file still has the hash it was read
 * with (else CourseChangedOnDiskError, nothing written). `force` writes over a changed file: only
 * when the producer chose "keep mine". Returns the document as saved.
 */
export async function saveCourseDocument(document: CourseDocument, text: string, options: { force?: boolean } = {}): Promise<CourseDocument> {
  const bytes = encode(text, document.bom);
  await writeFileAtomic(document.file, bytes, {
    mkdirs: false,
    // Checked as late as possible: after the new text is complete on disk, just before it replaces the file.
    beforeRename: async () => {
      if (!options.force && ((await hashOnDisk(document.file)) ?? MISSING_FILE_HASH) !== document.diskHash) throw new CourseChangedOnDiskError(document.file);
    },
  });
  return { ...document, text, diskHash: contentHash(bytes) };
}

function encode(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? `\uFEFF${text}` : text, 'utf8');
}

async function startsWithBom(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } finally {
    await handle.close();
  }
}
