// Microbenchmark for goal G8 (docs/design/pool-and-throttling.md section 6): what acquire + release costs on top of
// the work itself, for our pool beside generic-pool 3.9 and tarn 3.1. A TTS call takes 10^5-10^6 µs, so
// any of these is noise; the point is to catch a regression that makes ours the slow one.
//
// Setup, per pool and concurrency N: pool size 8, no-op resources (created once, before timing),
// N callers each looping acquire -> await -> release until `cycles` cycles are done in total.
// The same loop without a pool (a bare await in place of acquire) is the baseline and is subtracted:
//   meanUs = (wall time / cycles) - baseline's, i.e. the pool's cost per cycle at full load;
//   p99Us  = p99 of one cycle's latency as its caller sees it - baseline's p99. With N > 8 that
//            includes waiting for a free resource, which is the latency a waiter would see.
// Nothing is printed; the caller (tests/bench/index.ts) formats the rows.

import genericPool from 'generic-pool';
import tarn from 'tarn';
import { Pool } from '../../electron/main/core/pool';
import type { Lease } from '../../electron/main/core/pool';

export interface PoolOverheadRow {
  pool: 'ours' | 'generic-pool' | 'tarn';
  concurrency: number;
  meanUs: number;
  p99Us: number;
}

/** The two operations under test, called directly (no wrapper await that would be billed to the pool). */
interface Subject {
  acquire(): Promise<unknown>;
  release(borrowed: unknown): void;
  close(): Promise<void>;
}

const POOL_SIZE = 8;
const noop = (): void => {};

async function makeOurs(): Promise<Subject> {
  const pool = new Pool<object>({ create: async () => ({}), destroy: noop, max: POOL_SIZE, min: POOL_SIZE });
  await pool.prewarm();
  return {
    acquire: () => pool.acquire(),
    release: (lease) => (lease as Lease<object>).release(),
    close: () => pool.close(),
  };
}

async function makeGenericPool(): Promise<Subject> {
  const pool = genericPool.createPool<object>({ create: async () => ({}), destroy: async () => {} }, { max: POOL_SIZE, min: POOL_SIZE });
  await pool.ready();
  return {
    acquire: () => pool.acquire(),
    release: (resource) => void pool.release(resource as object),
    close: async () => {
      await pool.drain();
      await pool.clear();
    },
  };
}

async function makeTarn(): Promise<Subject> {
  const pool = new tarn.Pool<object>({ create: async () => ({}), destroy: noop, min: 0, max: POOL_SIZE });
  // tarn never pre-creates: borrow all 8 once so timing starts with a full pool, like the others.
  const warm = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.acquire().promise));
  for (const r of warm) pool.release(r);
  return {
    acquire: () => pool.acquire().promise,
    release: (resource) => void pool.release(resource as object),
    close: async () => {
      await pool.destroy();
    },
  };
}

/** No pool at all: the cost of the awaits and the timing itself, subtracted from every row. */
const resolved = Promise.resolve({});
const baseline: Subject = {
  acquire: () => resolved,
  release: noop,
  close: async () => {},
};

const ROUNDS = 5;

/** Drive `cycles` cycles with `concurrency` callers; write each cycle's latency (µs) into latenciesUs from `offset`. Returns wall µs. */
async function drive(subject: Subject, cycles: number, concurrency: number, latenciesUs: Float64Array, offset = 0): Promise<number> {
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < cycles) {
      const i = next++;
      const t0 = performance.now();
      const borrowed = await subject.acquire();
      await null; // the "work": one turn of the microtask queue
      subject.release(borrowed);
      latenciesUs[offset + i] = (performance.now() - t0) * 1000;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  return (performance.now() - start) * 1000;
}

function p99(values: Float64Array): number {
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Measure every subject at one concurrency. The subjects take turns in ROUNDS short rounds and the
 * median round counts, so a burst of load from another process skews one round of one subject, not a row.
 */
async function measureAll(subjects: Subject[], cycles: number, concurrency: number): Promise<Array<{ meanUs: number; p99Us: number }>> {
  const perRound = Math.max(1, Math.floor(cycles / ROUNDS));
  const scratch = new Float64Array(perRound);
  for (const subject of subjects) await drive(subject, Math.min(perRound, 20_000), concurrency, scratch); // warm-up: JIT, pool state
  const latencies = subjects.map(() => new Float64Array(perRound * ROUNDS));
  const roundMeans = subjects.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, subject] of subjects.entries()) {
      const wallUs = await drive(subject, perRound, concurrency, latencies[k]!, r * perRound);
      roundMeans[k]!.push(wallUs / perRound);
    }
  }
  return subjects.map((_, k) => ({ meanUs: median(roundMeans[k]!), p99Us: p99(latencies[k]!) }));
}

const round = (us: number): number => Math.round(us * 1000) / 1000;

export async function runPoolOverheadBench(opts: { cycles?: number; concurrency: number[] }): Promise<PoolOverheadRow[]> {
  const cycles = opts.cycles ?? 200_000;
  const makers: Array<[PoolOverheadRow['pool'], () => Promise<Subject>]> = [
    ['ours', makeOurs],
    ['generic-pool', makeGenericPool],
    ['tarn', makeTarn],
  ];
  const rows: PoolOverheadRow[] = [];
  for (const concurrency of opts.concurrency) {
    const subjects: Subject[] = [];
    try {
      for (const [, make] of makers) subjects.push(await make());
      const [base, ...results] = await measureAll([baseline, ...subjects], cycles, concurrency);
      for (const [k, m] of results.entries()) {
        rows.push({
          pool: makers[k]![0],
          concurrency,
          meanUs: round(Math.max(0, m.meanUs - base!.meanUs)),
          p99Us: round(Math.max(0, m.p99Us - base!.p99Us)),
        });
      }
    } finally {
      await Promise.all(subjects.map((s) => s.close()));
    }
  }
  return rows;
}
