import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import type { SpeechEngine, Synthesizer } from '../../../electron/main/core/engines/speech-engine';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { PoolReadout } from '../../../electron/main/core/studio/pool-readout';
import { StudioEvents } from '../../../electron/main/core/studio/studio-events';

/** An engine whose third connection is refused by a cap, and whose calls fail when the text says so. */
function cappedEngine(cap: number): SpeechEngine {
  let open = 0;
  return {
    name: 'azure',
    async createSynthesizer(): Promise<Synthesizer> {
      if (open >= cap) throw new SynthesisError('throttled', 'Too many connections (HTTP 429)', undefined, 1_000, true);
      open++;
      let usable = true;
      return {
        async synthesize(request) {
          await new Promise((r) => setTimeout(r, 20));
          if (request.text === 'drop') throw new SynthesisError('network', 'The connection was lost');
          return { bytes: new Uint8Array(8), durationMs: 1 } as never;
        },
        isUsable: () => usable,
        async close() {
          if (usable) open--;
          usable = false;
        },
      };
    },
    close: async () => undefined,
  };
}

const request = (text: string) => ({ ssml: '<speak/>', text, voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES', format: 'wav' as const });

describe('PoolReadout: the Pool tab says why Max differs from Settings, and counts refused and dropped connections', () => {
  it('learns a cap from a refused connection, with when and how many; a broken call is a dropped connection', async () => {
    const events = new StudioEvents(new MemorySink(), { pool: 0, run: 0, cells: 0 }, { run: () => ({}) as never, pool: () => readout.gauges() });
    const readout: PoolReadout = new PoolReadout(events, () => 8);
    const pool = new EnginePool(cappedEngine(3), { maxConnections: 8, capProbeIntervalMs: 0 });
    readout.attach(pool, 'azure');
    const before = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => pool.synthesize(request(i === 5 ? 'drop' : 'hello'))));
    expect(results.filter((result) => result.status === 'rejected').length).toBeGreaterThanOrEqual(1);
    const gauges = readout.gauges();
    expect(gauges.configuredMax).toBe(8);
    expect(gauges.max).toBe(3);
    expect(gauges.cap).toMatchObject({ reason: 'learned-cap', max: 3 });
    expect(gauges.cap!.atMs).toBeGreaterThanOrEqual(before);
    expect(gauges.refusedConnections).toBeGreaterThanOrEqual(1);
    expect(gauges.droppedConnections).toBe(1);
    // The producer raises Settings: the configured max holds again, no learned cap is shown.
    pool.setMaxConnections(4);
    expect(readout.gauges().cap).toBeNull();
    await pool.close();
    expect(readout.gauges().droppedConnections).toBe(1); // closing is not dropping
    events.close();
  });
});

describe('PoolReadout: the throughput sparkline', () => {
  it('goes on across runs of one engine and course, and starts over for another', async () => {
    const events = new StudioEvents(new MemorySink(), { pool: 0, run: 0, cells: 0 }, { run: () => ({}) as never, pool: () => readout.gauges() });
    const readout: PoolReadout = new PoolReadout(events, () => 8, 10);
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    readout.startSampling('offline\u0000/out/a');
    for (let i = 0; i < 50; i++) readout.countRender();
    await wait(60);
    readout.stopSampling();
    const first = readout.gauges().throughput.length;
    expect(first).toBeGreaterThan(1);
    expect(Math.max(...readout.gauges().throughput)).toBeGreaterThan(0);
    readout.startSampling('offline\u0000/out/a'); // the same again: the history stays
    readout.stopSampling();
    expect(readout.gauges().throughput.length).toBe(first + 1);
    readout.startSampling('azure\u0000/out/a'); // another engine: a fresh chart
    readout.stopSampling();
    expect(readout.gauges().throughput).toEqual([0]);
    events.close();
  });
});
