/**
 * Baseline (b): a faithful re-implementation of the original pipeline's synthesizer pool
 * (docs/design/ARCHITECTURE.md, "The pool"; docs/design/pool-and-throttling.md section 2-section 4), kept as it was, flaws included:
 *   - min 2 synthesizers created up front, max 8 (their sockets open on first use, as the SDK does);
 *   - borrow: take an idle synthesizer if there is one (last returned first), else create one while
 *     size < max, else poll 10 times at 100 ms and then fail: the phrase is lost;
 *   - after a call the synthesizer is returned to the pool whatever happened, even when its call
 *     failed (broken synthesizers returned); nothing is ever destroyed or replaced;
 *   - no retries, no timeouts, nothing that reacts to throttling;
 *   - 8 workers pull the next phrase from the list.
 * The SDK has no timeout and neither had the pipeline, so a stalled call would hang its worker for
 * ever. The harness gives up after `hangGuardMs` only to finish the run; the phrase is lost and the
 * synthesizer goes back to the pool like any other failed one (later calls on it queue behind the
 * stalled call: the pool now holds a poisoned synthesizer).
 */
import { closeSynthesizer, makeSynthesizer, speak, type StrategyInput, type StrategyResult } from './common';

export const OLD_POOL = { min: 2, max: 8, pollAttempts: 10, pollIntervalMs: 100, workers: 8 } as const;

type Synth = ReturnType<typeof makeSynthesizer>;

export class OldSynthesizerPool {
  private readonly idle: Synth[] = [];
  private readonly all: Synth[] = [];
  /** Borrows that polled 10 times and gave up. */
  exhausted = 0;

  constructor(
    private readonly make: () => Synth,
    private readonly options: { min: number; max: number; pollAttempts: number; pollIntervalMs: number } = OLD_POOL,
  ) {
    for (let i = 0; i < options.min; i++) this.idle.push(this.create());
  }

  get size(): number {
    return this.all.length;
  }

  async borrow(): Promise<Synth> {
    const immediate = this.tryTake();
    if (immediate) return immediate;
    for (let attempt = 0; attempt < this.options.pollAttempts; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
      const synth = this.tryTake();
      if (synth) return synth;
    }
    this.exhausted++;
    throw new Error(`No synthesizer available after ${this.options.pollAttempts} x ${this.options.pollIntervalMs} ms`);
  }

  /** Back into the pool, healthy or not. */
  giveBack(synth: Synth): void {
    this.idle.push(synth);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.map((synth) => closeSynthesizer(synth)));
    this.idle.length = 0;
    this.all.length = 0;
  }

  private tryTake(): Synth | undefined {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.length < this.options.max) return this.create();
    return undefined;
  }

  private create(): Synth {
    const synth = this.make();
    this.all.push(synth);
    return synth;
  }
}

export const OLD_POOL_SETUP =
  `min ${OLD_POOL.min}, max ${OLD_POOL.max}, ${OLD_POOL.workers} workers; empty pool -> poll ${OLD_POOL.pollAttempts} x ${OLD_POOL.pollIntervalMs} ms, then the phrase fails; ` +
  'broken synthesizers returned; no retries, no timeouts';

export async function runOldPool(input: StrategyInput): Promise<StrategyResult> {
  const pool = new OldSynthesizerPool(() => makeSynthesizer(input.url, input.key));
  let rendered = 0;
  let hung = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: OLD_POOL.workers }, async () => {
      while (next < input.jobs.length) {
        const job = input.jobs[next++]!;
        let synth: Synth;
        try {
          synth = await pool.borrow();
        } catch {
          continue; // the phrase is lost
        }
        const outcome = await speak(synth, job.ssml, input.hangGuardMs);
        if (outcome === 'ok') rendered++;
        if (outcome === 'failed') failed++;
        if (outcome === 'hung') hung++;
        pool.giveBack(synth);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const size = pool.size;
  await pool.closeAll();
  return {
    wallMs,
    rendered,
    lost: input.jobs.length - rendered,
    detail: `${size} synthesizers; ${pool.exhausted} borrows gave up after polling; ${failed} calls failed, ${hung} hung`,
  };
}
