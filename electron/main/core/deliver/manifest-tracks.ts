import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManifestSchema } from '../../../../shared/model/render';
import type { ManifestTrack } from '../../../../shared/model/tracks';
import { MANIFEST_FILE, writeManifest } from '../run/manifest';

/** Puts the tracks just built into manifest.json (written by the run that came before), atomically. */
export async function writeManifestTracks(outDir: string, tracks: readonly ManifestTrack[]): Promise<void> {
  const manifest = ManifestSchema.parse(JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')));
  const { tracks: _old, ...rest } = manifest;
  await writeManifest(outDir, { ...rest, ...(tracks.length ? { tracks: [...tracks] } : {}) });
}
