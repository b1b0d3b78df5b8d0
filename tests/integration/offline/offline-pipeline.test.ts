/**
 * An eSpeak worker is handed its next job while it runs one (offline-synthesizer.ts, JOBS_IN_WORKER),
 * and the EnginePool gives one worker that many renders at once (engine-pool.ts): real workers, real
 * eSpeak; times are epoch ms, comparable across threads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import { OfflineEngine, type OfflineSynthesizedAudio } from '../../../electron/main/core/engines/offline';
import type { SynthesisRequest } from '../../../electron/main/core/engines/speech-engine';
import { type SynthesisError } from '../../../electron/main/core/engines/synthesis-error';

const ES = 'es-ES-ElviraNeural';
/** Long enough (~0.1-0.3 s of eSpeak) that the next job reaches the worker while it runs. */
const LONG =
  'En la pequeña ciudad donde crecí, cada mañana los vecinos se saludaban en la plaza mientras el panadero abría su tienda, ' +
  'los niños corrían hacia la escuela con sus mochilas llenas de libros, y los ancianos se sentaban en los bancos a conversar.';

function request(text: string, rate = 1): SynthesisRequest {
  return { ssml: buildSsml({ text, voice: ES, rate, locale: 'es-ES' }), text, voice: ES, rate, locale: 'es-ES', format: 'wav' };
}

const engines: OfflineEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
});

describe('an eSpeak worker with its next job sent ahead', () => {
  it('is sent the next job while it runs one, and runs them in order, each with its own audio', async () => {
    const engine = new OfflineEngine();
    engines.push(engine);
    const synthesizer = await engine.createSynthesizer();
    const [first, second] = await Promise.all([synthesizer.synthesize(request(LONG, 0.7)), synthesizer.synthesize(request('Hola.'))]);
    // Sent ahead: to the worker before the first was done (not after its result came back), run after it.
    expect(second.timings.sentAt).toBeLessThan(first.timings.endedAt);
    expect(second.timings.startedAt).toBeGreaterThanOrEqual(first.timings.endedAt);
    expect(second.timings.threadId).toBe(first.timings.threadId);
    expect(first.durationMs).toBeGreaterThan(5_000);
    expect(second.durationMs).toBeLessThan(2_000);
  });

  it('drops an aborted job the worker already holds, and stays usable', async () => {
    const engine = new OfflineEngine();
    engines.push(engine);
    const synthesizer = await engine.createSynthesizer();
    const controller = new AbortController();
    const running = synthesizer.synthesize(request(LONG));
    const heldAhead = synthesizer.synthesize(request('Buenos días.'), controller.signal);
    controller.abort('the producer cancelled');
    await expect(heldAhead).rejects.toMatchObject({ kind: 'cancelled' });
    expect((await running).durationMs).toBeGreaterThan(3_000);
    expect(synthesizer.isUsable()).toBe(true);
    expect((await synthesizer.synthesize(request('Buenas noches.'))).durationMs).toBeGreaterThan(300);
  });

  it('fails the job sent ahead as not run when eSpeak crashes on the one before', async () => {
    const engine = new OfflineEngine();
    engines.push(engine);
    const synthesizer = await engine.createSynthesizer();
    synthesizer.simulateCrashForTesting('abort'); // the next synth throws like eSpeak's Aborted()
    const results = await Promise.allSettled([synthesizer.synthesize(request(LONG)), synthesizer.synthesize(request('Hola.'))]);
    const errors = results.map((result) => (result.status === 'rejected' ? (result.reason as SynthesisError) : undefined));
    expect(errors[0]).toMatchObject({ kind: 'engine-crash' });
    expect(errors[1]).toMatchObject({ kind: 'engine-crash' });
    expect(errors[1]!.message).toMatch(/^Not run: /);
    expect(synthesizer.isUsable()).toBe(false);
  });

  it('through the pool: one worker takes two renders at once, and the pool counts one synthesizer in use', async () => {
    const engine = new OfflineEngine();
    engines.push(engine);
    const pool = new EnginePool(engine, { maxConnections: 1 });
    try {
      await pool.prewarm(1);
      const first = pool.synthesize(request(LONG, 0.7)) as Promise<OfflineSynthesizedAudio>;
      while (pool.stats().calls === 0) await new Promise((resolve) => setImmediate(resolve));
      // The worker is busy and no other may be opened: the next render rides along instead of waiting.
      const second = pool.synthesize(request('¿Cómo te llamas?')) as Promise<OfflineSynthesizedAudio>;
      expect(pool.stats()).toMatchObject({ size: 1, inUse: 1, waiters: 0 });
      const [a, b] = await Promise.all([first, second]);
      expect(b.timings.threadId).toBe(a.timings.threadId);
      expect(b.timings.sentAt).toBeLessThan(a.timings.endedAt);
      expect(pool.stats()).toMatchObject({ size: 1, inUse: 0, created: 1 });
    } finally {
      await pool.close();
    }
  });
});
