// `npm run generate`: runs the prebuilt CLI bundle (out/cli/, plain JavaScript: no TypeScript
// loader to start in this process or in any worker), rebuilding it first when a source it was built
// from changed (cli-bundle.mjs), so it is never stale and a fresh clone needs no build step.
//
// The bundle is imported into this process, not spawned: this process IS the generator, so a Ctrl+C
// or SIGTERM reaches it directly, and its exit code is the run's. Its stdout/stderr are the
// generator's alone: building prints nothing unless it fails.

import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { freshBundleEntry } from './cli-bundle.mjs';

// Node >= 22.1 (Electron's Node, a newer system Node) keeps V8's compiled code of the bundle and its
// dependencies on disk: measured on Node 24, --help 0.24 -> 0.18 s of CPU. Node 20 has no such API.
module.enableCompileCache?.();

const entry = freshBundleEntry() ?? (await buildOrExplain());
if (entry) await import(pathToFileURL(entry).href);

/** @returns {Promise<string | undefined>} */
async function buildOrExplain() {
  try {
    const { buildCliBundle } = await import('./build-cli-bundle.mjs');
    return await buildCliBundle();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /Cannot find (package|module) 'esbuild'/.test(message) ? ' (esbuild is a devDependency: run `npm ci`)' : '';
    process.stderr.write(`error: the generate CLI could not be built into out/cli/${hint}: ${message}\n`);
    process.exitCode = 1;
    return undefined;
  }
}
