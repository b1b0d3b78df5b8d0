import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Course } from '../../../../shared/model/course';
import type { Manifest, RenderJob } from '../../../../shared/model/render';
import type { ManifestTrack } from '../../../../shared/model/tracks';
import { writeFileAtomic } from '../output/atomic-write';
import type { RunJournal } from './journal';

export const MANIFEST_FILE = 'manifest.json';

/** The manifest lists, in course order, every render of the current course that is finished on disk. */
export function buildManifest(course: Course, jobs: readonly RenderJob[], journal: RunJournal, tracks: readonly ManifestTrack[] = []): Manifest {
  const items = [];
  const phrases = new Map(course.phrases.map((phrase) => [phrase.id, phrase]));
  for (const job of jobs) {
    const phrase = phrases.get(job.phraseId);
    const entry = journal.lookup(job.key, job.file);
    if (!entry) continue;
    items.push({
      phrase: job.phraseId,
      variant: job.variantId,
      file: job.file,
      durationMs: entry.durationMs,
      voice: job.voice,
      rate: job.rate,
      engine: job.engine,
      format: job.format,
      key: job.key,
      bytes: entry.bytes,
      ...(job.spokenBy ? { spokenBy: job.spokenBy } : {}),
      ...(phrase ? { known: phrase.known, target: phrase.target, ...(phrase.lesson !== undefined ? { lesson: phrase.lesson } : {}) } : {}),
      ...(entry.loudnessLufs !== undefined ? { loudnessLufs: entry.loudnessLufs } : {}),
      ...(entry.truePeakDbtp !== undefined ? { truePeakDbtp: entry.truePeakDbtp } : {}),
      qa: entry.qa ?? [],
    });
  }
  return { course: course.id, title: course.title, generatedAt: new Date().toISOString(), items, ...(tracks.length ? { tracks: [...tracks] } : {}) };
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const path = join(outDir, MANIFEST_FILE);
  await writeFileAtomic(path, JSON.stringify(manifest, null, 2) + '\n');
  return path;
}

/**
 * The id of the course whose audio `outDir` holds (its manifest's `course`), or undefined when it has
 * no readable manifest. A run of another course there would replace that audio (same file names) and
 * remove the rest (no longer named), so the CLI refuses it.
 */
export async function courseOfOutputFolder(outDir: string): Promise<string | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8'));
    const course = (manifest as { course?: unknown } | null)?.course;
    return typeof course === 'string' ? course : undefined;
  } catch {
    return undefined;
  }
}
