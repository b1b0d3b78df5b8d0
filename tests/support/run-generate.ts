import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Runs the real `generate` CLI in a child process as `npm run generate` does (node + the launcher,
 * which runs the prebuilt bundle and rebuilds it when stale; no npm wrapper, so a signal reaches the
 * generator itself), so tests and benchmarks measure the product.
 */
export const REPO = resolve(import.meta.dirname, '../..');
/** The generator's source, for running it under tsx (`node --import tsx GENERATE`). */
export const GENERATE = resolve(REPO, 'electron/cli/generate.ts');
/** What `npm run generate` runs: `node LAUNCHER ...args` (electron/cli/launch.mjs). */
export const LAUNCHER = resolve(REPO, 'electron/cli/launch.mjs');

// The bundle is brought up to date as this module loads (the launcher would build it on the first
// spawn otherwise), so a caller's timer, the offline benchmark's above all, never includes a build.
execFileSync(process.execPath, [resolve(REPO, 'electron/cli/build-cli-bundle.mjs'), '--if-stale'], { cwd: REPO, stdio: 'pipe', timeout: 120_000 });

export interface GenerateResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The parsed last stdout line when --json was given. */
  readonly summary?: Record<string, unknown> & { total: number; rendered: number; cached: number; failed: number };
}

/** `nodeOptions`: given to node before the launcher (e.g. V8 flags), as `node --flag launch.mjs ...` would. */
export function spawnGenerate(args: readonly string[], env: NodeJS.ProcessEnv = {}, nodeOptions: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeOptions, LAUNCHER, ...args], {
    cwd: REPO,
    env: { ...process.env, AZURE_SPEECH_KEY: '', AZURE_SPEECH_REGION: '', AZURE_SPEECH_HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runGenerate(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<GenerateResult> {
  const child = spawnGenerate(args, env);
  return collect(child, args.includes('--json'));
}

export function collect(child: ChildProcess, json: boolean): Promise<GenerateResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let summary;
      if (json) {
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          summary = JSON.parse(last);
        } catch {
          summary = undefined;
        }
      }
      resolvePromise({ code, signal, stdout, stderr, summary });
    });
  });
}
