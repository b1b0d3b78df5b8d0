import { it } from 'vitest';
import { sampleCourseItems, simulate } from '../../../support/queue-sim/simulate';
const latency = { connectMs: 60, firstByteMs: 80, perCharMs: 2, jitter: 0.2 };
it('matrix', async () => {
  const items = await sampleCourseItems(428);
  const d = Number(process.env.D ?? 5);
  const clean = await simulate({ items, latency, oneWayDelayMs: d });
  const lines: string[] = [];
  for (const [name, lim] of [['1007', { tps: { limit: 10, windowMs: 400, form: 1007 } }], ['4429', { tps: { limit: 10, windowMs: 400, form: 4429 } }], ['429', { tps: { limit: 10, windowMs: 400, form: 429 } }], ['rnd', { randomThrottleRate: 0.2 }]] as const) {
    const cells: string[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await simulate({ items, latency, oneWayDelayMs: d, seed, ...lim });
      cells.push(name === 'rnd' ? `x${(r.wallMs / clean.wallMs).toFixed(2)}` : `${r.pctOfLimit}/${r.throttledPct}`);
    }
    lines.push(`${name.padEnd(5)} ${cells.join('  ')}`);
  }
  console.log(`MATRIX d=${d}\n` + lines.join('\n'));
}, 120_000);
