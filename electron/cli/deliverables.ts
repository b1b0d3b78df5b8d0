import type { OutputFormat, EngineName } from '../../shared/model/audio';
import type { Course } from '../../shared/model/course';
import type { RunSummary } from '../../shared/model/run-summary';
import { buildTracks, type TracksOutcome } from '../main/core/deliver/build-tracks';
import { writeManifestTracks } from '../main/core/deliver/manifest-tracks';
import { exportAnki } from '../main/core/export/export-anki';
import type { Mp3Bitrate } from '../main/core/output/mp3';
import { asStorageError } from '../main/core/output/storage-error';

/**
 * What the CLI builds after the renders: the course's lesson tracks from masters (unless --no-tracks;
 * usually built during the run already, then only reported here), then the exports asked for
 * (`--export anki`).
 * Returns the summary extended additively, or a one-line error for the caller to report.
 */
export interface DeliverablesOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly mp3Bitrate?: Mp3Bitrate;
  readonly tracks: boolean;
  /** The tracks as the run built them while rendering (CourseRun `tracksOutcome`); absent: built now. */
  readonly builtDuringRun?: { outcome: TracksOutcome } | { error: unknown } | undefined;
  readonly exports: readonly 'anki'[];
  readonly log: (line: string) => void;
}

export async function buildDeliverables(summary: RunSummary, options: DeliverablesOptions): Promise<{ summary: RunSummary; error?: string }> {
  const built = await buildTracksStep(summary, options);
  if (built.error || !options.exports.includes('anki')) return built;
  try {
    const anki = await exportAnki(options.course, options.outDir);
    options.log(`Anki: ${anki.notes} notes with ${anki.media} audio files in ${anki.files.join(' and ')} (the CSV's audio, for Anki's collection.media: ${anki.mediaFolder}/)`);
    return { summary: { ...built.summary, exports: anki.files } };
  } catch (error) {
    return { summary: built.summary, error: `the Anki export failed: ${messageOf(error, options.outDir)}` };
  }
}

async function buildTracksStep(summary: RunSummary, options: DeliverablesOptions): Promise<{ summary: RunSummary; error?: string }> {
  if (!options.tracks || !options.course.tracks?.length) return { summary };
  try {
    const during = options.builtDuringRun;
    if (during && 'error' in during) throw during.error;
    const outcome = during ? during.outcome : await buildTracks(options);
    await writeManifestTracks(options.outDir, outcome.tracks);
    for (const skip of outcome.skipped) options.log(`Track ${skip.track}/${skip.lesson} not built: ${skip.reason}`);
    if (outcome.built) options.log(`Built ${outcome.built} track file${outcome.built === 1 ? '' : 's'} (${outcome.kept} unchanged) from masters`);
    return { summary: { ...summary, tracks: { built: outcome.built, kept: outcome.kept, skipped: outcome.skipped.length, files: outcome.tracks.map((track) => track.file) } } };
  } catch (error) {
    return { summary, error: `building the tracks failed: ${messageOf(error, options.outDir)}` };
  }
}

/** A disk problem (full, read-only, something in the way) said as the run says it: what, where, what to do. */
const messageOf = (error: unknown, outDir: string): string => (asStorageError(error, outDir) as Error).message;
