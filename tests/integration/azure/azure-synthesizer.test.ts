/**
 * One AzureSynthesizer (one SDK SpeechSynthesizer, one socket) against the local server: every call
 * settles, failures leave it unusable, close() leaves no socket behind (including the SDK's own leaks
 * we work around), and connect failures are classified so the pool can act on them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { AzureEngine } from '../../../electron/main/core/engines/azure';
import type { AzureSynthesizer } from '../../../electron/main/core/engines/azure/azure-synthesizer';
import type { SynthesisRequest } from '../../../electron/main/core/engines/speech-engine';
import type { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import type { AzureServer } from '../../support/azure-server';
import { TEST_KEY, startServer } from './azure-harness';

let server: AzureServer | undefined;
let engine: AzureEngine | undefined;

afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (server) await server.waitFor((c) => c.openSockets === 0, 2_000);
  await server?.close();
  server = undefined;
});

function request(text = 'Hola, ¿qué tal?', voice = 'es-ES-ElviraNeural', format: 'wav' | 'mp3' = 'wav'): SynthesisRequest {
  return { ssml: buildSsml({ text, voice, rate: 1, locale: 'es-ES' }), text, voice, rate: 1, locale: 'es-ES', format };
}

async function setup(
  options: Parameters<typeof startServer>[0] = {},
  engineOptions: Partial<ConstructorParameters<typeof AzureEngine>[0]> = {},
): Promise<{ server: AzureServer; engine: AzureEngine }> {
  server = await startServer(options);
  engine = new AzureEngine({ key: TEST_KEY, host: server.url, callTimeoutMs: 5_000, connectTimeoutMs: 2_000, ...engineOptions });
  return { server, engine };
}

const failure = (promise: Promise<unknown>): Promise<SynthesisError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as SynthesisError,
  );

describe('createSynthesizer', () => {
  it('opens the socket ahead of use (an upgrade, nothing billed); close() of an unused one leaves no socket', async () => {
    const { server, engine } = await setup();
    const synth = await engine.createSynthesizer();
    expect(server.counters()).toMatchObject({ upgrades: 1, openSockets: 1, turns: 0 });
    expect(synth.connections).toBe(1);
    await synth.close(); // the SDK alone would leave this socket open for ever
    await server.waitFor((c) => c.openSockets === 0, 2_000);
  });

  it('a 429 on open is throttling with refusedConnection; a 401 is auth; the key is in no message', async () => {
    const { server, engine } = await setup({ connectionCap: 1 });
    const first = await engine.createSynthesizer();
    const refused = await failure(engine.createSynthesizer());
    expect(refused).toMatchObject({ kind: 'throttled', refusedConnection: true });
    const wrongKey = new AzureEngine({ key: 'wrong-key-99887766', host: server.url });
    const denied = await failure(wrongKey.createSynthesizer());
    expect(denied.kind).toBe('auth');
    expect(`${denied.message} ${denied.detail}`).not.toContain('wrong-key-99887766');
    await wrongKey.close();
    await first.close();
  });

  it('nothing listening is network, quickly; an unanswered upgrade is bounded by the connect timeout', async () => {
    const { server } = await setup({ latency: { connectMs: 10_000, firstByteMs: 0, perCharMs: 0 } });
    const closed = new AzureEngine({ key: TEST_KEY, host: 'http://127.0.0.1:1' });
    const started = performance.now();
    expect((await failure(closed.createSynthesizer())).kind).toBe('network');
    expect(performance.now() - started).toBeLessThan(2_000);
    await closed.close();

    const slow = new AzureEngine({ key: TEST_KEY, host: server.url, connectTimeoutMs: 300 });
    const t0 = performance.now();
    const error = await failure(slow.createSynthesizer());
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/within 0\.3 s/);
    expect(performance.now() - t0).toBeLessThan(1_500);
    await slow.close();
  });
});

describe('synthesize', () => {
  it('returns RIFF 24 kHz audio with our own duration, reuses the socket, and swaps format between calls', async () => {
    const { server, engine } = await setup();
    const synth = await engine.createSynthesizer();
    const wav = await synth.synthesize(request());
    expect(Buffer.from(wav.bytes.subarray(0, 4)).toString('ascii')).toBe('RIFF');
    expect(wav).toMatchObject({ format: 'wav', sampleRate: 24_000 });
    expect(wav.durationMs).toBeCloseTo(server.turnLog()[0]!.audioMs, 0);
    await synth.synthesize(request('otra vez'));
    expect(server.counters().upgrades).toBe(1);
    const mp3 = await synth.synthesize(request('en mp3', 'es-ES-ElviraNeural', 'mp3'));
    expect(mp3.format).toBe('mp3');
    expect(server.turnLog().at(-1)!.outputFormat).toBe('audio-24khz-48kbitrate-mono-mp3');
    expect(synth.isUsable()).toBe(true);
    expect(synth.calls).toBe(3);
    await synth.close();
  });

  it('an unknown voice fails only that call, with the service reason, and the synthesizer stays usable', async () => {
    const { engine } = await setup();
    const synth = await engine.createSynthesizer();
    const error = await failure(synth.synthesize(request('hola', 'es-ES-NadieNeural')));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toMatch(/Unsupported voice es-ES-NadieNeural/);
    expect(synth.isUsable()).toBe(true);
    await expect(synth.synthesize(request())).resolves.toMatchObject({ format: 'wav' });
    await synth.close();
  });

  it('abort mid-call: rejects as cancelled at once and the synthesizer is unusable', async () => {
    const { server, engine } = await setup({ faults: { nextTurns: ['stall'] } });
    const synth = await engine.createSynthesizer();
    const controller = new AbortController();
    const call = failure(synth.synthesize(request(), controller.signal));
    await server.waitFor((c) => c.turns === 1, 2_000);
    controller.abort(new Error('user pressed stop'));
    expect(await call).toMatchObject({ kind: 'cancelled' });
    expect(synth.isUsable()).toBe(false);
    await synth.close();
  });

  it("a stalled call is bounded by the synthesizer's own timer too; close() during a call settles it", async () => {
    const { server, engine } = await setup({ faults: { nextTurns: ['stall', 'stall'] } }, { callTimeoutMs: 400 });
    const synth = await engine.createSynthesizer();
    const t0 = performance.now();
    expect(await failure(synth.synthesize(request()))).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(synth.isUsable()).toBe(false);
    await synth.close();

    const other = (await engine.createSynthesizer()) as AzureSynthesizer;
    const call = failure(other.synthesize(request()));
    await server.waitFor((c) => c.turns === 2, 2_000);
    await other.close();
    expect(await call).toMatchObject({ kind: 'cancelled' });
  });

  it('close 1000 mid-turn after many calls: abandoned at once, no reconnect storm, no leaked sockets', async () => {
    const { server, engine } = await setup();
    const synth = await engine.createSynthesizer();
    for (let i = 0; i < 20; i++) await synth.synthesize(request(`frase ${i}`));
    server.injectNext('close-1000-mid-turn');
    const t0 = performance.now();
    const error = await failure(synth.synthesize(request('la frase cortada')));
    expect(error.kind).toBe('network');
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(synth.isUsable()).toBe(false);
    await sleep(200);
    // The SDK alone opens one socket per earlier call here (21) and never closes 20 of them.
    expect(server.counters().upgrades).toBe(1);
    await synth.close();
    await server.waitFor((c) => c.openSockets === 0, 2_000);
  });
});

describe('voices', () => {
  it('lists the service voices (cached) and reports unknown ones with suggestions', async () => {
    const { server, engine } = await setup();
    const voices = await engine.listVoices();
    expect(voices.find((voice) => voice.shortName === 'es-ES-ElviraNeural')).toEqual({
      shortName: 'es-ES-ElviraNeural',
      displayName: 'Elvira',
      locale: 'es-ES',
      localeName: 'Spanish (Spain)',
      gender: 'Female',
    });
    const problems = await engine.unsupportedVoices([
      { voice: 'es-ES-ElviraNeural', locale: 'es-ES' },
      { voice: 'es-es-alvaroneural', locale: 'es-ES' },
      { voice: 'es-ES-NadieNeural', locale: 'es-ES' },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.voice).toBe('es-ES-NadieNeural');
    expect(problems[0]!.reason).toMatch(/not a voice of this Azure Speech resource.*Voices for es-ES: es-ES-ElviraNeural, es-ES-AlvaroNeural/);
    expect(server.counters().voicesListRequests).toBe(1);
  });
});
