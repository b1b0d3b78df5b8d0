import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The layout is electron/ + renderer/ rather than the template's src/, so every entry is named here.
// Dependencies stay external in main (electron-vite's default): eSpeak finds its 24 MB data file
// beside its own module and the offline worker is a plain .mjs, so neither may be inlined.

/**
 * The offline engine starts its workers from `new URL('./espeak-worker.mjs', import.meta.url)`. In the
 * bundle, import.meta.url is out/main/index.js, so the worker must sit next to it. The worker is a
 * self-contained .mjs (it imports only node:worker_threads and the external espeak-ng package, which Node
 * resolves from the project's node_modules), so copying it verbatim is the whole job: emitted as an
 * asset with a fixed name, it is written with the bundle, by the same build, every time.
 */
function copyOfflineWorker(): Plugin {
  const source = resolve(__dirname, 'electron/main/core/engines/offline/espeak-worker.mjs');
  return {
    name: 'course-audio-studio:copy-offline-worker',
    buildStart() {
      this.addWatchFile(source);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'espeak-worker.mjs', source: readFileSync(source, 'utf8') });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copyOfflineWorker()],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The derive workers' entry (core/derive-pool/derive-pool.ts starts ./derive-worker.js beside the bundle).
          'derive-worker': resolve(__dirname, 'electron/main/core/derive-pool/derive-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot be an ES module: emit CommonJS (.cjs, since package.json says "module").
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
