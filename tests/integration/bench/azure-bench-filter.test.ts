/**
 * `npm run bench -- azure --scenario … --strategy …` as a user runs it (a child process): only those
 * rows, the --json line's shape unchanged; a bad name stops with exit 2 and a one-line message.
 * Scaled down (BENCH_AZURE_SCALE) so the one row takes a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FIELDS = ['scenario', 'strategy', 'wallMs', 'limitMs', 'pctOfLimit', 'socketsOpened', 'peakSockets', 'throttleEvents', 'lost', 'stopReason'];

function bench(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'tests/bench/index.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_AZURE_SCALE: '0.05' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('azure bench filter (CLI)', () => {
  it('runs only the scenario and strategy asked for; the --json line has the same fields', () => {
    const { status, stdout, stderr } = bench(['azure', '--scenario', 'no-faults', '--strategy', 'ours', '--json']);
    expect(status, stderr).toBe(0);
    const rows = JSON.parse(stdout.trim().split('\n').at(-1)!) as Array<Record<string, unknown>>;
    expect(rows.map((row) => `${String(row.scenario)}/${String(row.strategy)}`)).toEqual(['no-faults/ours']);
    expect(Object.keys(rows[0]!)).toEqual(FIELDS);
    expect(rows[0]!.lost).toBe(0);
  }, 60_000);

  it('an unknown scenario: exit 2, one line naming it and the choices, nothing run', () => {
    const { status, stdout, stderr } = bench(['azure', '--scenario', 'low-tps-9']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--scenario: unknown "low-tps-9"; choose from no-faults');
    expect(stdout).toBe('');
  });
});
