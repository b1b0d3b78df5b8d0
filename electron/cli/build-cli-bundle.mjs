// Builds the CLI bundle into out/cli/ with esbuild (~0.1-0.3 s): generate.ts and the derive worker
// as two entries, dependencies left external (eSpeak finds its 24 MB data file beside its own module,
// the Speech SDK and the encoders resolve from node_modules as they do from source), and the eSpeak
// worker (already plain .mjs) copied beside them, where espeak-worker-thread.ts and derive-pool.ts look
// for their workers (`new URL('./…', import.meta.url)`).
//
// Safe with any number of runs building at once: each builds into its own staging directory, renames
// it to its own build directory when complete, then replaces current.json by a rename
// (cli-bundle.mjs says what that holds), and runs its own build, whoever's current.json wins.
//
// `launch.mjs` calls this when the bundle is missing or stale; `npm run build:cli` builds one now.

import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, ENTRY_FILE, freshBundleEntry, POINTER_FILE, REPO_ROOT, statStamp } from './cli-bundle.mjs';

/** What esbuild reads besides the entries' import graph, and what decides how it builds. */
const SOURCE_DIRS = ['electron', 'shared'];
const ESPEAK_WORKER = 'electron/main/core/engines/offline/espeak-worker.mjs';
const BUILD_INPUTS = ['tsconfig.json', 'electron/cli/cli-bundle.mjs', 'electron/cli/build-cli-bundle.mjs', 'electron/cli/launch.mjs', ESPEAK_WORKER];
/** Older builds may still be running (a long Azure run restarting a worker): keep a few. */
const KEEP_BUILDS = 3;
/** A staging directory this old was left by a build that died. */
const STALE_STAGING_MS = 10 * 60_000;

/**
 * Builds a new bundle, publishes it as out/cli's current build and returns its entry's path.
 * @returns {Promise<string>}
 */
export async function buildCliBundle() {
  // Stamps taken before esbuild reads anything: a source edited during the build keeps its old stamp
  // here, so the next run sees it changed and builds again.
  const before = stampSources();
  const build = `b${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const staging = join(BUNDLE_DIR, `.staging-${build}`);
  mkdirSync(staging, { recursive: true });
  try {
    const { build: esbuild } = await import('esbuild');
    const result = await esbuild({
      absWorkingDir: REPO_ROOT,
      entryPoints: { generate: 'electron/cli/generate-entry.ts', 'derive-worker': 'electron/main/core/derive-pool/derive-worker.ts' },
      outdir: staging,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      // Dynamic imports stay separate chunks, loaded when reached: an offline run never loads the Speech
      // SDK (engines/create-engine.ts imports the Azure engine on demand; ~100 ms of start-up).
      splitting: true,
      target: 'node20',
      // For NODE_OPTIONS=--enable-source-maps when debugging; not loaded otherwise.
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
    });
    copyFileSync(join(REPO_ROOT, ESPEAK_WORKER), join(staging, 'espeak-worker.mjs'));
    const inputs = {};
    for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) {
      // null: missing when built (a file deleted mid-build), so fresh only while it stays missing.
      inputs[file] = before.get(file) ?? statStamp(join(REPO_ROOT, file)) ?? null;
    }
    const published = join(BUNDLE_DIR, build);
    renameSync(staging, published);
    const pointerTemp = `${POINTER_FILE}.${build}.tmp`;
    writeFileSync(pointerTemp, `${JSON.stringify({ build, inputs })}\n`);
    renameSync(pointerTemp, POINTER_FILE);
    removeOldBuilds(build);
    return join(published, ENTRY_FILE);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** @returns {Map<string, [number, number]>} every file under SOURCE_DIRS and BUILD_INPUTS, by repo-relative path with '/' */
function stampSources() {
  const stamps = new Map();
  const add = (path) => {
    const stamp = statStamp(path);
    if (stamp) stamps.set(relative(REPO_ROOT, path).split(sep).join('/'), stamp);
  };
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) add(join(entry.parentPath, entry.name));
    }
  }
  for (const file of BUILD_INPUTS) add(join(REPO_ROOT, file));
  return stamps;
}

/** Removes all but the newest KEEP_BUILDS builds (names sort by build time) and dead staging folders. */
function removeOldBuilds(justBuilt) {
  const names = readdirSync(BUNDLE_DIR);
  const builds = names.filter((name) => /^b\d+-/.test(name) && name !== justBuilt).sort();
  for (const name of builds.slice(0, Math.max(0, builds.length - (KEEP_BUILDS - 1)))) rmSync(join(BUNDLE_DIR, name), { recursive: true, force: true });
  for (const name of names.filter((candidate) => candidate.startsWith('.staging-') || candidate.endsWith('.tmp'))) {
    const path = join(BUNDLE_DIR, name);
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_STAGING_MS) rmSync(path, { recursive: true, force: true });
  }
}

// As a script: builds now and prints the entry's path; with --if-stale, only when the current bundle
// is missing or stale (tests/support/run-generate.ts), printing nothing when it is fresh.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = process.argv.includes('--if-stale') ? freshBundleEntry() : undefined;
  if (!fresh) process.stdout.write(`${await buildCliBundle()}\n`);
}
