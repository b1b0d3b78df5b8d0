/**
 * The EnginePool lets an engine's synthesizer take several calls at once (`callsPerSynthesizer`, an
 * eSpeak worker holding its next render), only when that is fair: every synthesizer busy, none more
 * to open, nobody waiting. A fake engine whose calls finish when the test says so (the pool is what
 * is tested here; the real worker's side is tests/integration/offline/offline-pipeline.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from '../../../electron/main/core/engines/speech-engine';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';

const request = (text: string): SynthesisRequest => ({ ssml: '<speak/>', text, voice: 'v', rate: 1, locale: 'en-US', format: 'wav' });
const AUDIO: SynthesizedAudio = { bytes: new Uint8Array(1), format: 'wav', sampleRate: 22_050, durationMs: 1 };

interface Call {
  readonly text: string;
  readonly synthesizer: number;
  finish(error?: Error): void;
}

class ManualEngine implements SpeechEngine {
  readonly name = 'offline' as const;
  readonly calls: Call[] = [];
  created = 0;
  closed = 0;
  constructor(readonly callsPerSynthesizer: number) {}
  async createSynthesizer(): Promise<Synthesizer> {
    const id = ++this.created;
    let usable = true;
    return {
      synthesize: (req) =>
        new Promise<SynthesizedAudio>((resolve, reject) => {
          this.calls.push({
            text: req.text,
            synthesizer: id,
            finish: (error) => {
              if (error) {
                usable = false;
                reject(error);
              } else resolve(AUDIO);
            },
          });
        }),
      isUsable: () => usable,
      close: async () => {
        this.closed++;
        usable = false;
      },
    };
  }
  async close(): Promise<void> {}
  /** Waits until `count` calls reached synthesizers. */
  async reached(count: number): Promise<void> {
    for (let i = 0; i < 200 && this.calls.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(this.calls.length).toBeGreaterThanOrEqual(count);
  }
  call(text: string): Call {
    const call = this.calls.find((candidate) => candidate.text === text);
    if (!call) throw new Error(`no call ${text}`);
    return call;
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

/** A pool of one synthesizer taking two calls, with calls `first` and `second` both on it. */
async function twoSharingOne(first: string, second: string) {
  const engine = new ManualEngine(2);
  const pool = new EnginePool(engine, { maxConnections: 1 });
  const firstCall = pool.synthesize(request(first));
  await engine.reached(1);
  const secondCall = pool.synthesize(request(second));
  await engine.reached(2);
  return { engine, pool, firstCall, secondCall };
}

describe('EnginePool: synthesizers that take several calls at once', () => {
  it('gives a busy synthesizer its next call at once when no other can be opened, and counts it as one in use', async () => {
    const { engine, pool, firstCall: a, secondCall: b } = await twoSharingOne('a', 'b');
    expect(engine.calls.map((call) => call.synthesizer)).toEqual([1, 1]);
    expect(pool.stats()).toMatchObject({ size: 1, inUse: 1, waiters: 0 });
    expect(pool.maxCallsInFlight).toBe(2);
    // A third call waits: the synthesizer holds two.
    const c = pool.synthesize(request('c'));
    await settle();
    expect(engine.calls).toHaveLength(2);
    expect(pool.stats().waiters).toBe(1);
    engine.call('a').finish();
    engine.call('b').finish();
    await engine.reached(3);
    engine.call('c').finish();
    await expect(Promise.all([a, b, c])).resolves.toHaveLength(3);
    expect(engine.created).toBe(1);
    await pool.close();
  });

  it('shares a synthesizer between calls made together, the second not waiting for the first to finish', async () => {
    const engine = new ManualEngine(2);
    const pool = new EnginePool(engine, { maxConnections: 1 });
    await pool.prewarm(1);
    // A run's first renders are dispatched in one go: the first takes the idle synthesizer, the second shares it.
    const both = [pool.synthesize(request('a')), pool.synthesize(request('b'))];
    await engine.reached(2);
    expect(engine.calls.map((call) => call.synthesizer)).toEqual([1, 1]);
    expect(pool.stats()).toMatchObject({ inUse: 1, waiters: 0 });
    // Cancelled while it waits to share: it stops at once, without a synthesizer.
    const controller = new AbortController();
    const third = pool.synthesize(request('c'), controller.signal);
    controller.abort();
    await expect(third).rejects.toMatchObject({ kind: 'cancelled' });
    for (const call of engine.calls) call.finish();
    await Promise.all(both);
    expect(engine.calls).toHaveLength(2);
    await pool.close();
  });

  it('opens another synthesizer before sharing one, and never shares with callsPerSynthesizer 1', async () => {
    const shared = new ManualEngine(2);
    const pool = new EnginePool(shared, { maxConnections: 2 });
    const first = [pool.synthesize(request('a')), pool.synthesize(request('b'))];
    await shared.reached(2);
    expect(new Set(shared.calls.map((call) => call.synthesizer)).size).toBe(2);
    for (const call of shared.calls) call.finish();
    await Promise.all(first);
    await pool.close();

    const single = new ManualEngine(1);
    const onePool = new EnginePool(single, { maxConnections: 1 });
    const a = onePool.synthesize(request('a'));
    await single.reached(1);
    const b = onePool.synthesize(request('b'));
    await settle();
    expect(single.calls).toHaveLength(1);
    expect(onePool.maxCallsInFlight).toBe(1);
    single.call('a').finish();
    await single.reached(2);
    single.call('b').finish();
    await Promise.all([a, b]);
    await onePool.close();
  });

  it('stops sharing while a call waits for a synthesizer, so an audition is not starved by a run', async () => {
    const { engine, pool, firstCall: run1, secondCall: run2 } = await twoSharingOne('run1', 'run2');
    // The synthesizer is full: the audition waits in the pool...
    const audition = pool.synthesize(request('audition'), undefined, 'high');
    await settle();
    expect(pool.stats().waiters).toBe(1);
    // ...and a render arriving now must not take the room run1 leaves, or the lease would never come free.
    engine.call('run1').finish();
    await run1;
    const run3 = pool.synthesize(request('run3'));
    await settle();
    expect(engine.calls.map((call) => call.text)).toEqual(['run1', 'run2']);
    engine.call('run2').finish();
    await engine.reached(3);
    expect(engine.calls[2]!.text).toBe('audition');
    engine.call('audition').finish();
    await engine.reached(4);
    engine.call('run3').finish();
    await Promise.all([run2, audition, run3]);
    await pool.close();
  });

  it('destroys a synthesizer a shared call broke only when its last call has ended, and hands it to nobody before', async () => {
    const { engine, pool, firstCall: a, secondCall: b } = await twoSharingOne('a', 'b');
    engine.call('a').finish(new SynthesisError('engine-crash', 'eSpeak crashed'));
    await expect(a).rejects.toMatchObject({ kind: 'engine-crash' });
    // b still runs on it: not closed yet, and a new call neither joins it nor gets it.
    const c = pool.synthesize(request('c'));
    await settle();
    expect(engine.closed).toBe(0);
    expect(engine.calls).toHaveLength(2);
    engine.call('b').finish(new SynthesisError('engine-crash', 'Not run: eSpeak crashed'));
    await expect(b).rejects.toMatchObject({ kind: 'engine-crash' });
    await engine.reached(3);
    expect(engine.closed).toBe(1);
    expect(engine.calls[2]).toMatchObject({ text: 'c', synthesizer: 2 });
    engine.call('c').finish();
    await expect(c).resolves.toBe(AUDIO);
    await pool.close();
  });
});
