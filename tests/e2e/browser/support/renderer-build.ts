import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../../..');
export const RENDERER_DIR = resolve(REPO, 'out/renderer');

/** What the renderer bundle is built from: a change in any of these makes out/renderer stale. */
const RENDERER_SOURCES = [resolve(REPO, 'renderer'), resolve(REPO, 'shared'), resolve(REPO, 'electron.vite.config.ts')];

/** Builds the app (renderer included) when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(): void {
  const index = resolve(RENDERER_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(RENDERER_SOURCES)) return;
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO, stdio: 'pipe', timeout: 180_000 });
}

function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
      }
    } else newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}
