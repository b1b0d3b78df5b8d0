// The overhead benchmark (tests/bench/pool-overhead.ts) runs in `npm run bench`, not here; this only
// checks that it still loads generic-pool and tarn (CJS interop) and returns one row per pool and level.
import { describe, expect, it } from 'vitest';
import { runPoolOverheadBench } from '../../bench/pool-overhead';

describe('runPoolOverheadBench (smoke)', () => {
  it('returns a row for each pool at each concurrency', async () => {
    const rows = await runPoolOverheadBench({ cycles: 2_000, concurrency: [8, 32] });
    expect(rows.map((r) => `${r.pool}@${r.concurrency}`)).toEqual(['ours@8', 'generic-pool@8', 'tarn@8', 'ours@32', 'generic-pool@32', 'tarn@32']);
    for (const r of rows) {
      expect(Number.isFinite(r.meanUs) && r.meanUs >= 0).toBe(true);
      expect(Number.isFinite(r.p99Us) && r.p99Us >= 0).toBe(true);
    }
  });
});
