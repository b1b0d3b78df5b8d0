/**
 * Workers the CLI starts before it loads (engines/offline/prestart.ts): the engine adopts them, a
 * broken one is replaced, and what nothing adopted is closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OfflineEngine, OfflineSynthesizer } from '../../../electron/main/core/engines/offline';
import { discardPrestartedSynthesizers, prestartOfflineSynthesizers, takePrestartedSynthesizer } from '../../../electron/main/core/engines/offline/prestart';

const REQUEST = { ssml: '<speak>Hola</speak>', text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES', format: 'wav' as const };

afterEach(async () => {
  await discardPrestartedSynthesizers();
});

/** Prestarts one worker through the registry and returns it, as the engine will receive it. */
async function prestartOne(): Promise<OfflineSynthesizer> {
  let started!: Promise<OfflineSynthesizer>;
  prestartOfflineSynthesizers(1, () => (started = OfflineSynthesizer.create()));
  return started;
}

describe('prestarted eSpeak workers', () => {
  it('the engine adopts the prestarted worker (the same thread), renders with it, and closes it with itself', async () => {
    const prestarted = await prestartOne();
    const engine = new OfflineEngine();
    const adopted = await engine.createSynthesizer();
    expect(adopted.threadId).toBe(prestarted.threadId);
    expect((await adopted.synthesize(REQUEST)).bytes.byteLength).toBeGreaterThan(1000);
    // Each is handed out once: the next synthesizer is a worker of the engine's own.
    const own = await engine.createSynthesizer();
    expect(own.threadId).not.toBe(prestarted.threadId);
    // Closing the engine closes the adopted worker too: the engine tracks it as its own.
    await engine.close();
    expect(adopted.isUsable()).toBe(false);
    expect(own.isUsable()).toBe(false);
  });

  it('an engine with options of its own starts its own worker and leaves the prestarted one', async () => {
    const prestarted = await prestartOne();
    const engine = new OfflineEngine({ jobTimeoutMs: 30_000 });
    const own = await engine.createSynthesizer();
    expect(own.threadId).not.toBe(prestarted.threadId);
    expect(takePrestartedSynthesizer()).toBeDefined();
    await engine.close();
    await prestarted.close();
  });

  it('a prestarted worker that broke while it waited is closed and replaced by a working one', async () => {
    const broken = await prestartOne();
    broken.simulateCrashForTesting('terminate');
    await expect.poll(() => broken.isUsable()).toBe(false);
    const engine = new OfflineEngine();
    const replacement = await engine.createSynthesizer();
    expect(replacement.threadId).not.toBe(broken.threadId);
    expect((await replacement.synthesize(REQUEST)).bytes.byteLength).toBeGreaterThan(1000);
    await engine.close();
  });

  it('discarding closes the workers nothing adopted', async () => {
    const first = await prestartOne();
    const second = await prestartOne();
    await discardPrestartedSynthesizers();
    expect(takePrestartedSynthesizer()).toBeUndefined();
    expect(first.isUsable()).toBe(false);
    expect(second.isUsable()).toBe(false);
  });
});
