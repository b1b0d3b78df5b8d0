import { cpus, totalmem } from 'node:os';
import { runOfflineBench } from './offline';
import { formatTable } from './table';

/**
 * `npm run bench -- <offline|azure|pool|studio> [--json]`: benchmarks that print our figures beside
 * baselines measured in the same run. With --json the last stdout line is the table as JSON.
 */
type Bench = () => Promise<Array<Record<string, string | number>>>;

const BENCHES: Record<string, { title: string; run: Bench; note?: (rows: Array<Record<string, string | number>>) => string }> = {
  offline: {
    title: 'Offline engine: the sample course to WAV, whole CLI run including start-up',
    run: async () => (await runOfflineBench()).map((row) => ({ strategy: row.strategy, workers: row.workers, renders: row.renders, wallMs: Math.round(row.wallMs), rendersPerSecond: row.rendersPerSecond })),
    note: (rows) => {
      const ours = rows.find((row) => String(row.strategy).startsWith('ours') && row.workers === 2);
      const spawn = rows.find((row) => String(row.strategy).startsWith('espeak') && row.workers === 2);
      if (!ours || !spawn) return '';
      return `Target: whole course < 10000 ms -> ${Number(ours.wallMs) < 10_000 ? 'met' : 'MISSED'} (${ours.wallMs} ms); vs spawn-per-render with 2: ${(Number(spawn.wallMs) / Number(ours.wallMs)).toFixed(2)}x faster`;
    },
  },
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((arg) => !arg.startsWith('--'));
  if (names.length === 0 || names.some((name) => !BENCHES[name])) {
    process.stderr.write(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--json]\n`);
    return 2;
  }
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const all: Array<Record<string, string | number>> = [];
  for (const name of names) {
    const bench = BENCHES[name]!;
    const rows = await bench.run();
    all.push(...rows.map((row) => ({ bench: name, ...row })));
    process.stdout.write(`\n${bench.title}\nMachine: ${machine}\n\n${formatTable(rows)}\n`);
    const note = bench.note?.(rows);
    if (note) process.stdout.write(`\n${note}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(names.length === 1 ? all.map(({ bench: _bench, ...row }) => row) : all)}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
