// Where the prebuilt CLI bundle lives, and whether it is still the product of the sources on disk.
//
// Plain JavaScript (no TypeScript loader), because the launcher runs it before anything is built.
// Layout of out/cli/ (build-cli-bundle.mjs writes it):
//   <build>/generate.js, <build>/derive-worker.js, <build>/espeak-worker.mjs   one complete build
//   current.json   { build, inputs: { "<path from the repo root>": [mtimeMs, size] or null (missing), ... } }
// A build directory is complete before current.json names it, and current.json is replaced by a
// rename, so a reader never sees half a build, however many runs build at once.
//
// "Fresh" means every input recorded at build time has exactly the same size and mtime now (the quick
// check rsync and git use), not "older than the bundle": a file put back with an older mtime
// (git checkout of an old revision, cp -p) still counts as changed. Only the build's own inputs are
// checked (esbuild's metafile: ~150 files, one stat each, ~1 ms), so editing the renderer or a test
// does not rebuild the CLI.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is electron/cli/cli-bundle.mjs). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = join(REPO_ROOT, 'out', 'cli');
export const POINTER_FILE = join(BUNDLE_DIR, 'current.json');
export const ENTRY_FILE = 'generate.js';

/**
 * The path of the current bundle's entry (out/cli/<build>/generate.js) when every source it was built
 * from is unchanged; undefined when there is no bundle yet, or it is stale, or unreadable.
 * @returns {string | undefined}
 */
export function freshBundleEntry() {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(POINTER_FILE, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof pointer?.build !== 'string' || !/^[\w.-]+$/.test(pointer.build) || typeof pointer.inputs !== 'object' || pointer.inputs === null) return undefined;
  const recorded = Object.entries(pointer.inputs);
  if (recorded.length === 0) return undefined;
  for (const [file, stamp] of recorded) {
    if (!sameStamp(statStamp(join(REPO_ROOT, file)), stamp)) return undefined;
  }
  const entry = join(BUNDLE_DIR, pointer.build, ENTRY_FILE);
  return statStamp(entry) ? entry : undefined;
}

/**
 * [mtimeMs, size] of a file, or undefined when it is missing.
 * @param {string} path
 * @returns {[number, number] | undefined}
 */
export function statStamp(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  return info?.isFile() ? [info.mtimeMs, info.size] : undefined;
}

/**
 * @param {[number, number] | undefined} now
 * @param {unknown} recorded  [mtimeMs, size], or null for a file that was missing at build time
 */
function sameStamp(now, recorded) {
  if (recorded === null) return now === undefined;
  return now !== undefined && Array.isArray(recorded) && recorded[0] === now[0] && recorded[1] === now[1];
}
