/**
 * The Azure benchmark (tests/bench/azure.ts), scaled down so it runs with the suite: 60 renders, fast
 * latency, two scenarios, ours beside the old pool. It checks the table's shape (others script
 * against the --json line) and the invariants that must hold however fast the machine is; the
 * timing targets are for the full `npm run bench -- azure` only.
 */
import { describe, expect, it } from 'vitest';
import { runAzureBench, type AzureBenchRow } from '../../bench/azure';

const FIELDS = ['scenario', 'strategy', 'wallMs', 'limitMs', 'pctOfLimit', 'socketsOpened', 'peakSockets', 'throttleEvents', 'lost', 'stopReason'];
const POOL_SIZE = 8;

describe('azure benchmark, scaled down', () => {
  it('renders the course with ours and the old pool; ours loses nothing and opens one socket per slot', async () => {
    const result = await runAzureBench({
      renders: 60,
      timeScale: 0.2, // S 30 ms, first byte 40 ms, 1 ms/char
      hangGuardMs: 2_000,
      scenarios: ['no-faults', 'drops-and-stalls'],
      strategies: ['old-pool', 'ours'],
      seed: 2, // with this seed the first 60 turns hold 2 drops and 1 stall
      onProgress: () => {},
    });
    const { rows } = result;

    expect(rows.map((row) => `${row.scenario}/${row.strategy}`)).toEqual(['no-faults/old-pool', 'no-faults/ours', 'drops-and-stalls/old-pool', 'drops-and-stalls/ours']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(FIELDS);
      expect(row.stopReason).toBe('');
      for (const field of FIELDS.slice(2, -1)) {
        const value = row[field as keyof AzureBenchRow];
        expect(typeof value === 'number' && Number.isFinite(value) && value >= 0, `${field} = ${String(value)}`).toBe(true);
      }
      expect(row.pctOfLimit).toBeCloseTo((row.limitMs / row.wallMs) * 100, 0);
      expect(row.peakSockets).toBeLessThanOrEqual(row.socketsOpened);
    }
    // The JSON line is exactly these objects.
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);

    const ours = rows.filter((row) => row.strategy === 'ours');
    for (const row of ours) expect(row.lost, `${row.scenario}: ours lost phrases`).toBe(0);
    const clean = ours.find((row) => row.scenario === 'no-faults')!;
    expect(clean.socketsOpened).toBe(POOL_SIZE);
    expect(clean.peakSockets).toBe(POOL_SIZE);
    expect(clean.throttleEvents).toBe(0);

    // The same T* for every strategy of a scenario.
    for (const scenario of ['no-faults', 'drops-and-stalls']) {
      expect(new Set(rows.filter((row) => row.scenario === scenario).map((row) => row.limitMs)).size).toBe(1);
    }
    // The old pool shows what it is: it loses the dropped and stalled phrases (no retries).
    expect(rows.find((row) => row.scenario === 'drops-and-stalls' && row.strategy === 'old-pool')!.lost).toBeGreaterThan(0);

    // Every strategy closed every socket it opened.
    expect(result.warnings).toEqual([]);
    expect(result.notes.join('\n')).toContain('Targets (ours):');
  }, 25_000);
});
