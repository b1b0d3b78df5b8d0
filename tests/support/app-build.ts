import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** What `npm run build` writes, and what it is built from. */
export const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((path) => resolve(REPO, path));
const SOURCES = ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'package.json'].map((path) => resolve(REPO, path));

/** True when out/ is missing a bundle or older than a source. */
export function appBuildIsStale(): boolean {
  if (!BUILT.every((file) => existsSync(file))) return true;
  const oldestBuilt = Math.min(...BUILT.map((file) => statSync(file).mtimeMs));
  return newestMtime(SOURCES) > oldestBuilt;
}

/** Runs electron-vite build (main, preload, renderer; no Electron binary needed) when out/ is stale. */
export function ensureAppBuilt(): boolean {
  if (!appBuildIsStale()) return false;
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO, stdio: 'pipe', timeout: 300_000 });
  return true;
}

function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const info = statSync(path);
    if (!info.isDirectory()) {
      newest = Math.max(newest, info.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}
