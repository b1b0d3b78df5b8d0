/**
 * Connection-cap learning in the EnginePool, with a fake engine that refuses a new connection the
 * way the Azure engine reports it (SynthesisError 'throttled' + refusedConnection), and the CourseRun
 * side of it (the queue's max concurrency follows the pool).
 */
import { describe, expect, it } from 'vitest';
import type { CapacityChange } from '../../../../electron/main/core/engines/connection-cap';
import { EnginePool } from '../../../../electron/main/core/engines/engine-pool';
import type { SpeechEngine, SynthesisRequest, Synthesizer } from '../../../../electron/main/core/engines/speech-engine';
import { SynthesisError } from '../../../../electron/main/core/engines/synthesis-error';

const REQUEST: SynthesisRequest = { ssml: '<speak/>', text: 'x', voice: 'v', rate: 1, locale: 'en-US', format: 'wav' };

class FakeEngine implements SpeechEngine {
  readonly name = 'azure' as const;
  open = 0;
  refused = 0;
  constructor(public cap: number) {}
  async createSynthesizer(): Promise<Synthesizer> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.open >= this.cap) {
      this.refused++;
      throw new SynthesisError('throttled', 'refused', 'Unexpected server response: 429', undefined, true);
    }
    this.open++;
    let closed = false;
    return {
      synthesize: async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { bytes: new Uint8Array(1), format: 'wav', sampleRate: 24_000, durationMs: 1 };
      },
      isUsable: () => !closed,
      close: async () => {
        if (!closed) this.open--;
        closed = true;
      },
    };
  }
  async close(): Promise<void> {}
}

describe('EnginePool connection-cap learning', () => {
  it('lowers max to the synthesizers alive, tells listeners, and no render fails for it', async () => {
    const engine = new FakeEngine(3);
    const pool = new EnginePool(engine, { maxConnections: 8, capProbeIntervalMs: 0 });
    const changes: CapacityChange[] = [];
    pool.onCapacityChange((change) => changes.push(change));
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => pool.synthesize(REQUEST)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(pool.maxConnections).toBe(3);
    expect(changes.at(-1)).toEqual({ max: 3, configuredMax: 8, reason: 'learned-cap' });
    const stats = pool.stats();
    expect(stats).toMatchObject({ max: 3, configuredMax: 8, size: 3 });
    expect(stats.capacityRefusals).toBe(engine.refused);
    expect(engine.refused).toBeLessThanOrEqual(5); // the creates that were already in flight
    await pool.close();
  });

  it('probes one connection above the learned cap later, and learns again if refused', async () => {
    const engine = new FakeEngine(2);
    const pool = new EnginePool(engine, { maxConnections: 4, capProbeIntervalMs: 40 });
    const changes: CapacityChange[] = [];
    pool.onCapacityChange((change) => changes.push(change));
    await Promise.all(Array.from({ length: 8 }, () => pool.synthesize(REQUEST)));
    expect(pool.maxConnections).toBe(2);
    engine.cap = 3; // the other app sharing the key went away
    // After the probe interval, and after the pool's create backoff from the refusals (≤ 200 ms here).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes.some((c) => c.reason === 'probe' && c.max === 3)).toBe(true);
    await Promise.all(Array.from({ length: 12 }, () => pool.synthesize(REQUEST)));
    expect(pool.stats().size).toBe(3);
    pool.setMaxConnections(6);
    expect(changes.at(-1)).toEqual({ max: 6, configuredMax: 6, reason: 'configured' });
    await pool.close();
  });

  it('with nothing alive, a refusal reaches the caller as throttling (the queue requeues it)', async () => {
    const engine = new FakeEngine(0);
    const pool = new EnginePool(engine, { maxConnections: 4, capProbeIntervalMs: 0 });
    const error = (await pool.synthesize(REQUEST).catch((e: unknown) => e)) as SynthesisError;
    expect(error).toMatchObject({ kind: 'throttled', refusedConnection: true });
    expect(pool.maxConnections).toBe(1);
    await pool.close();
  });
});

/** A service that accepts every socket but throttles the first call on those beyond its cap (close 4429). */
class ThrottlingBeyondCapEngine implements SpeechEngine {
  readonly name = 'azure' as const;
  open = 0;
  throttled = 0;
  constructor(readonly cap: number) {}
  async createSynthesizer(): Promise<Synthesizer> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const overCap = this.open >= this.cap;
    this.open++;
    let closed = false;
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      synthesize: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (overCap) {
          this.throttled++;
          throw new SynthesisError('throttled', 'Throttled (close 4429)', 'concurrent request limit websocket error code: 4429');
        }
        return { bytes: new Uint8Array(1), format: 'wav', sampleRate: 24_000, durationMs: 1 };
      },
      isUsable: () => !closed,
      close: async () => {
        if (!closed) this.open--;
        closed = true;
      },
    };
  }
  async close(): Promise<void> {}
}

describe('EnginePool, a cap signalled by throttling the first call of sockets beyond it', () => {
  it('learns the cap from new sockets whose first call is throttled, three in a row', async () => {
    const engine = new ThrottlingBeyondCapEngine(3);
    const pool = new EnginePool(engine, { maxConnections: 6, capProbeIntervalMs: 0 });
    const changes: CapacityChange[] = [];
    pool.onCapacityChange((change) => changes.push(change));
    for (let round = 0; round < 30 && pool.maxConnections > 3; round++) {
      await Promise.allSettled(Array.from({ length: 6 }, () => pool.synthesize(REQUEST)));
    }
    expect(pool.maxConnections).toBe(3);
    expect(changes.at(-1)).toMatchObject({ max: 3, reason: 'learned-cap' });
    // Once learned, every render succeeds on the sockets the service allows.
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => pool.synthesize(REQUEST)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await pool.close();
  });
});
