/**
 * The Node options an eSpeak worker starts with: the parent's, minus module loaders and preloads.
 *
 * A worker inherits `process.execArgv` by default, so under `npm run generate` (node --import tsx)
 * every eSpeak worker registered tsx's loader hooks again before it could load eSpeak: 0.2-0.5 s
 * more per worker start on a loaded 2-core machine (measured, ~0.03 s without them), on the
 * critical path of every offline run. The worker is plain `.mjs` importing one plain-JS package,
 * so it needs no loader; other options (V8 flags, --inspect, memory limits) are kept.
 */
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
