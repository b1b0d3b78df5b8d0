/**
 * The Node options an eSpeak worker starts with: the parent's, minus module loaders and preloads.
 *
 * A worker inherits `process.execArgv` by default, so under `npm run generate` (node --import tsx)
 * every eSpeak worker registered tsx's loader hooks again before it could load eSpeak: 0.2-0.5 s
 * more per worker start on a loaded 2-core machine (measured, ~0.03 s without them), on the
 * critical path of every offline run. The worker is plain `.mjs` importing one plain-JS package,
 * so it needs no loader; other options (--inspect, --conditions, ...) are kept. V8 flags
 * (`node --max-old-space-size=... `, `--no-opt`) are process-wide, so a worker has them anyway, but
 * Node refuses them in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV): `startWorker` drops what
 * Node names and starts the worker again, instead of failing every start of every worker.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const OPTIONS_WITH_A_MODULE = ['--import', '--require', '-r', '--loader', '--experimental-loader'];

export function workerExecArgv(parentExecArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parentExecArgv.length; i++) {
    const arg = parentExecArgv[i]!;
    if (OPTIONS_WITH_A_MODULE.includes(arg)) {
      i++; // the module named in the next argument goes too
      continue;
    }
    if (OPTIONS_WITH_A_MODULE.some((option) => arg.startsWith(`${option}=`))) continue;
    kept.push(arg);
  }
  return kept;
}

/** `new Worker(url, options)` with the parent's options (workerExecArgv), less any Node refuses there. */
export function startWorker(url: string | URL, options: Omit<WorkerOptions, 'execArgv'> = {}): Worker {
  let execArgv = workerExecArgv(process.execArgv);
  for (;;) {
    try {
      return new Worker(url, { ...options, execArgv });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || execArgv.length === 0) throw error;
      // "Initiated Worker with invalid execArgv flags: --no-opt, --max-old-space-size=3000"
      const refused = new Set(/flags: (.*)$/.exec((error as Error).message)?.[1]?.split(', '));
      const kept = execArgv.filter((arg) => !refused.has(arg));
      execArgv = kept.length < execArgv.length ? kept : [];
    }
  }
}
