import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ManifestTrackSchema, type ManifestTrack } from '../../../../shared/model/tracks';
import { writeFileAtomic } from '../output/atomic-write';
import { STATE_DIR } from '../run/state-dir';

/**
 * `.course-audio-studio/tracks.json`: the track files built in this folder, each with the key of the
 * parts and layout it was built from and its stamp (size, mtime, sha256), so a track is rebuilt only
 * when a part changed or its file did. Rewritten atomically after every build.
 */
export const TRACK_INDEX_FILE = 'tracks.json';

export const TrackRecordSchema = ManifestTrackSchema.extend({
  key: z.string(),
  bytes: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  sha256: z.string(),
});
export type TrackRecord = z.infer<typeof TrackRecordSchema>;

const IndexSchema = z.object({ tracks: z.array(z.unknown()) });

/** The records of a folder; a missing, torn or foreign index reads as empty (tracks are rebuilt). */
export async function readTrackIndex(outDir: string): Promise<TrackRecord[]> {
  const text = await readFile(join(outDir, STATE_DIR, TRACK_INDEX_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  let parsed;
  try {
    parsed = IndexSchema.safeParse(JSON.parse(text));
  } catch {
    return [];
  }
  if (!parsed.success) return [];
  return parsed.data.tracks.flatMap((value) => {
    const record = TrackRecordSchema.safeParse(value);
    return record.success && isTrackPath(record.data.file) ? [record.data] : [];
  });
}

export async function writeTrackIndex(outDir: string, records: readonly TrackRecord[]): Promise<void> {
  await writeFileAtomic(join(outDir, STATE_DIR, TRACK_INDEX_FILE), JSON.stringify({ tracks: records }, null, 2) + '\n');
}

/** The manifest rows of the records (without the bookkeeping). */
export function manifestTracks(records: readonly TrackRecord[]): ManifestTrack[] {
  return records.map(({ key: _key, bytes: _bytes, mtimeMs: _mtime, sha256: _sha, ...row }) => row);
}

/** Only `tracks/<id>/<name>.<ext>` is ever read or removed through the index (it is a file anyone can edit). */
export function isTrackPath(file: string): boolean {
  return /^tracks\/[A-Za-z0-9][A-Za-z0-9._-]*\/[^/\\]+\.(mp3|wav)$/.test(file) && !file.split('/').some((segment) => segment === '..' || segment === '.');
}
