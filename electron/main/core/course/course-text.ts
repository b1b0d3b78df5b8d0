import { open, stat } from 'node:fs/promises';
import { CourseLoadError } from './course-issue';

/**
 * Reads a course file's bytes into text, refusing what would silently become something else: a file
 * too big to be a course (checked with stat before one byte is read, so memory stays bounded),
 * UTF-16/UTF-32 (named, not shown as a screen of NUL bytes) and invalid UTF-8 (placed, not replaced).
 */

/** Generous: the 100,000-phrase course is ~10 MB. `CAS_MAX_COURSE_BYTES` raises or lowers it. */
export const DEFAULT_MAX_COURSE_BYTES = 50 * 1024 * 1024;

export function maxCourseBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.CAS_MAX_COURSE_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_COURSE_BYTES;
}

export async function readCourseText(file: string, limit = maxCourseBytes()): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (info.size > limit) {
      throw new CourseLoadError([
        {
          file,
          problem: `the file is ${megabytes(info.size)}, over the ${megabytes(limit)} a course file may have`,
          hint: 'Split the course, or raise the limit with CAS_MAX_COURSE_BYTES=<bytes>.',
        },
      ]);
    }
    // Read through one handle and never past the limit, even if the file grows after the stat.
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, limit) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0 || length + bytesRead >= buffer.length) {
          length += bytesRead;
          break;
        }
        length += bytesRead;
      }
      if (length > limit)
        throw new CourseLoadError([
          { file, problem: `the file grew past the ${megabytes(limit)} a course file may have while it was read`, hint: 'Wait until it is fully written, then run again.' },
        ]);
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CourseLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a course file' : `cannot be read (${code ?? String(error)})`;
    throw new CourseLoadError([{ file, problem, hint: 'Pass the path of a course .json or .csv file.' }]);
  }
  return decodeCourseBytes(bytes, file);
}

/** UTF-8 (with or without BOM) to text; anything else is a CourseLoadError saying what it is and where. */
export function decodeCourseBytes(bytes: Uint8Array, file: string): string {
  const wide = wideEncoding(bytes);
  if (wide) {
    throw new CourseLoadError([{ file, problem: `the file is ${wide}, not UTF-8`, hint: 'Save it as UTF-8 (in most editors: Save As -> Encoding: UTF-8).' }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { offset, line, column } = firstInvalidUtf8(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new CourseLoadError([
      { file, line, column, problem: `invalid UTF-8 (byte 0x${byte} at byte offset ${offset})`, hint: 'The file is probably Latin-1 or Windows-1252: save it as UTF-8.' },
    ]);
  }
}

/** By BOM, else by the NUL pattern ASCII text leaves in the first bytes of UTF-16/32. */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const b = (i: number): number | undefined => bytes[i];
  if (b(0) === 0xff && b(1) === 0xfe && b(2) === 0 && b(3) === 0) return 'UTF-32 LE';
  if (b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff) return 'UTF-32 BE';
  if (b(0) === 0xff && b(1) === 0xfe) return 'UTF-16 LE';
  if (b(0) === 0xfe && b(1) === 0xff) return 'UTF-16 BE';
  if (bytes.length >= 4) {
    if (b(0) !== 0 && b(1) === 0 && b(2) === 0 && b(3) === 0) return 'UTF-32 LE';
    if (b(0) === 0 && b(1) === 0 && b(2) === 0 && b(3) !== 0) return 'UTF-32 BE';
    if (b(0) !== 0 && b(1) === 0 && b(2) !== 0 && b(3) === 0) return 'UTF-16 LE';
    if (b(0) === 0 && b(1) !== 0 && b(2) === 0 && b(3) !== 0) return 'UTF-16 BE';
  }
  return undefined;
}

/** Where the first byte sequence that is not UTF-8 starts, as a 1-based line and character column. */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; column: number } {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) break;
    let valid = true;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) valid = false;
    const second = bytes[i + 1] ?? 0;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f) || (lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) valid = false;
    if (!valid) break;
    if (lead === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += length;
  }
  return { offset: i, line, column };
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} bytes`;
}
