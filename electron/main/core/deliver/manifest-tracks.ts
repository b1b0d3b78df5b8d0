import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManifestSchema } from '../../../../shared/model/render';
import type { ManifestTrack } from '../../../../shared/model/tracks';
import { MANIFEST_FILE, writeManifest } from '../run/manifest';

/**
 * Puts the tracks just built into manifest.json (written by the run that came before), atomically. With
 * no manifest yet (nothing delivered), there is nothing to update: the next run's manifest lists them.
 */
export async function writeManifestTracks(outDir: string, tracks: readonly ManifestTrack[]): Promise<void> {
  const text = await readFile(join(outDir, MANIFEST_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return;
  const manifest = ManifestSchema.parse(JSON.parse(text));
  const { tracks: _old, ...rest } = manifest;
  await writeManifest(outDir, { ...rest, ...(tracks.length ? { tracks: [...tracks] } : {}) });
}
