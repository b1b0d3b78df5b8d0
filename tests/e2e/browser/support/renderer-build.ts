import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../../..');
export const RENDERER_DIR = resolve(REPO, 'out/renderer');

/** Builds the app (renderer included) once, when out/renderer is missing. */
export function ensureRendererBuilt(): void {
  if (existsSync(resolve(RENDERER_DIR, 'index.html'))) return;
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO, stdio: 'pipe', timeout: 120_000 });
}
