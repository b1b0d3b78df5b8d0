/**
 * Shared pieces of the storage acceptance tests: a small course file, the delivered files of an
 * output folder (masters excluded), the masters on disk, and a decode check by ffprobe (never by the
 * code under test).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManifestSchema, type Manifest } from '../../../shared/model/render';
import { JOURNAL_DIR, JOURNAL_FILE, JournalEntrySchema, type JournalEntry } from '../../../electron/main/core/run/journal';
import { makeCourse } from '../azure/azure-harness';
import { probeAudio } from '../../support/audio-decode';

/** A course of `phrases` x 2 variants (target, target-slow), small texts, distinct per phrase. */
export async function writeSmallCourse(dir: string, phrases: number, id = 'storage-test'): Promise<string> {
  const file = join(dir, `${id}.json`);
  await writeFile(file, JSON.stringify(makeCourse(phrases, { id }), null, 2));
  return file;
}

/** Delivered audio files, relative, sorted (our .course-audio-studio folder is not part of the delivery). */
export async function deliveredFiles(out: string): Promise<string[]> {
  const names = await readdir(out, { recursive: true });
  return names.filter((name) => /\.(wav|mp3)$/.test(name) && !name.startsWith(JOURNAL_DIR)).sort();
}

/** Every file in the output folder outside our state folder, sorted. */
export async function allOutputFiles(out: string): Promise<string[]> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(out.length + 1))
    .filter((name) => !name.startsWith(JOURNAL_DIR))
    .sort();
}

/** Complete master files on disk (temp files excluded). */
export async function masterFiles(out: string): Promise<string[]> {
  const dir = join(out, JOURNAL_DIR, 'masters');
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.filter((name) => /^[0-9a-f]{2}\/[0-9a-f]+\.wav$/.test(name)).sort();
}

export async function readManifest(out: string): Promise<Manifest> {
  return ManifestSchema.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
}

export async function readJournal(out: string): Promise<JournalEntry[]> {
  const text = await readFile(join(out, JOURNAL_DIR, JOURNAL_FILE), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JournalEntrySchema.parse(JSON.parse(line)));
}

/** ffprobe decodes the whole file (-count_frames): its codec, rate and decoded duration. */
export async function probe(file: string): Promise<{ codec: string; sampleRate: number; seconds: number }> {
  const info = await probeAudio(file);
  if (info.frames <= 0) throw new Error(`${file}: no decodable audio`);
  return { codec: info.codec, sampleRate: info.sampleRate, seconds: info.formatSec };
}

/** Runs fn over items with at most `limit` at once. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!);
      }
    }),
  );
  return results;
}

/** Every delivered file decodes, in the expected codec. */
export async function expectAllDecode(out: string, files: readonly string[], codec: 'pcm_s16le' | 'mp3'): Promise<void> {
  await mapLimit(files, 4, async (file) => {
    const info = await probe(join(out, file));
    if (info.codec !== codec || !(info.seconds > 0.2)) throw new Error(`${file}: ${info.codec}, ${info.seconds} s`);
  });
}
