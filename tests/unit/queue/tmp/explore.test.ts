import { it } from 'vitest';
import { sampleCourseItems, simulate } from '../../../support/queue-sim/simulate';
const latency = { connectMs: 60, firstByteMs: 80, perCharMs: 2, jitter: 0.2 };
it('explore', async () => {
  const items = await sampleCourseItems(428);
  const r = await simulate({ items, latency, oneWayDelayMs: Number(process.env.D ?? 5), tps: { limit: 10, windowMs: 400, form: Number(process.env.F ?? 429) as 429 }, seed: Number(process.env.SEED ?? 1), sampleEveryMs: 250, onSample: (at, s) => console.log(at, 'lim', s.concurrencyLimit, 'max', s.maxConcurrency, 'inF', s.inFlight, 'rate', s.requestRate?.toFixed(1), 'cause', s.throttleCause, 'hold', s.hold?.reason, s.hold ? s.hold.untilMs - Date.now() : '', 'thr', s.throttleEvents, 'done', s.progress.done) });
  console.log('pct', r.pctOfLimit, 'thr', r.throttledPct, JSON.stringify(r.service));
}, 60_000);
