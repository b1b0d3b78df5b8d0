import { asStorageError } from '../output/storage-error';
import { sharedDerivePool, type DerivePool } from '../derive-pool/derive-pool';
import { MasterStore } from '../run/master-store';
import { AnalysisCache } from './analysis-cache';
import { LessonTracks, type BuildTracksOptions, type TracksOutcome } from './lesson-tracks';

export { vttPathOf, type BuildTracksOptions, type TracksOutcome } from './lesson-tracks';

/**
 * Builds the course's tracks in an output folder from its masters (never a synthesis), outside a run
 * (the studio's "Build tracks", the bench): a track whose key (parts' delivery keys + layout) and file
 * are unchanged is kept, the others are laid out, encoded, tagged and written atomically with a WebVTT
 * chapter list beside them, several at once in the derive workers (deliver/lesson-tracks.ts); track
 * files the course no longer names are removed. A CLI run builds them during the run instead
 * (run/course-run.ts, `tracks`). The caller holds the folder's write lock.
 */
export async function buildTracks(options: BuildTracksOptions, derive: DerivePool = sharedDerivePool()): Promise<TracksOutcome> {
  const { outDir } = options;
  const masters = await MasterStore.open(outDir).catch((error: unknown) => {
    throw asStorageError(error, outDir);
  });
  const analyses = await AnalysisCache.open(outDir);
  try {
    const tracks = await LessonTracks.start(options, { masters, analyses, derive });
    const outcome = await tracks.finish('complete');
    // A cache: if it cannot be written, the next build measures again.
    await analyses.save((key, sha256) => masters.get(key)?.sha256 === sha256).catch(() => undefined);
    return outcome;
  } catch (error) {
    throw asStorageError(error, outDir);
  } finally {
    await masters.close();
  }
}
