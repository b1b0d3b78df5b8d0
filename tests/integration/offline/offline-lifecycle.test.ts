/**
 * Real worker threads: crashes, close, abort, queueing, timeouts, parallelism, bad requests.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { OfflineEngine, OfflineSynthesizer, type CrashMode } from '../../../electron/main/core/engines/offline';
import type { SynthesisRequest } from '../../../electron/main/core/engines/speech-engine';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import type { OutputFormat } from '../../../shared/model/audio';
import { useTempFolder } from '../../support/temp-folder';

const ES = 'es-ES-ElviraNeural';
const LONG =
  'En la pequeña ciudad donde crecí, cada mañana los vecinos se saludaban en la plaza mientras el panadero abría su tienda, ' +
  'los niños corrían hacia la escuela con sus mochilas llenas de libros, y los ancianos se sentaban en los bancos a conversar ' +
  'sobre el tiempo, la cosecha y las noticias del día, hasta que el sol alto anunciaba la hora de volver a casa.';

function request(text: string, voice = ES, rate = 1, format: OutputFormat = 'wav'): SynthesisRequest {
  const locale = voice.split('-').slice(0, 2).join('-');
  return { ssml: buildSsml({ text, voice, rate, locale }), text, voice, rate, locale, format };
}

async function rejection(promise: Promise<unknown>): Promise<SynthesisError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SynthesisError);
    return error as SynthesisError;
  }
  throw new Error('expected a rejection');
}

const engine = new OfflineEngine();
let a: OfflineSynthesizer;
let b: OfflineSynthesizer;

beforeAll(async () => {
  [a, b] = await Promise.all([engine.createSynthesizer(), engine.createSynthesizer()]);
});
afterAll(async () => {
  await engine.close();
});

describe('OfflineSynthesizer lifecycle', () => {
  it('is ready after create(): one worker thread each, eSpeak loaded and warmed up', () => {
    expect(a.isUsable()).toBe(true);
    expect(a.threadId).not.toBe(b.threadId);
    expect(a.startup.sampleRate).toBe(22_050);
    expect(a.startup.warmupMs).toBeGreaterThan(0);
  });

  it('runs two synthesizers in parallel (their worker-side time windows overlap)', async () => {
    const [ra, rb] = await Promise.all([a.synthesize(request(LONG, ES, 0.7)), b.synthesize(request(LONG, ES, 0.7, 'mp3'))]);
    expect(ra.durationMs).toBeGreaterThan(10_000);
    expect(rb.durationMs).toBeGreaterThan(10_000);
    expect(ra.timings.threadId).not.toBe(rb.timings.threadId);
    expect(Math.max(ra.timings.startedAt, rb.timings.startedAt)).toBeLessThan(Math.min(ra.timings.endedAt, rb.timings.endedAt));
  });

  it('queues overlapping calls on one synthesizer and answers each with its own audio', async () => {
    const texts = ['Hola.', LONG, 'Buenos días, ¿cómo estás?'];
    const results = await Promise.all(texts.map((text) => a.synthesize(request(text))));
    expect(results[1]?.durationMs).toBeGreaterThan(10_000);
    expect(results[0]?.durationMs).toBeLessThan(2000);
    expect(results[2]?.durationMs).toBeLessThan(4000);
    expect(results[2]?.durationMs).toBeGreaterThan(results[0]?.durationMs ?? Infinity);
    const [r0, r1] = results;
    expect(r1?.timings.startedAt).toBeGreaterThanOrEqual(r0?.timings.endedAt ?? Infinity); // one at a time
  });

  it('rejects empty, whitespace-only and unspeakable text as bad-request and stays usable', async () => {
    expect((await rejection(a.synthesize(request('')))).kind).toBe('bad-request');
    expect((await rejection(a.synthesize(request('  \n\t ')))).kind).toBe('bad-request');
    expect((await rejection(a.synthesize(request('...')))).kind).toBe('bad-request');
    const unsupported = await rejection(a.synthesize(request('こんにちは', 'ja-JP-NanamiNeural')));
    expect(unsupported.kind).toBe('bad-request');
    expect(unsupported.message).toMatch(/ja-JP.*in any region: .*regional voices for .*es-ES/);
    expect(unsupported.retryable).toBe(false);
    expect(a.isUsable()).toBe(true);
    expect((await a.synthesize(request('Hola.'))).durationMs).toBeGreaterThan(300);
  });

  it('an AbortSignal rejects promptly with cancelled; the late result is dropped and the synthesizer stays usable', async () => {
    const pre = new AbortController();
    pre.abort();
    expect((await rejection(a.synthesize(request('Hola.'), pre.signal))).kind).toBe('cancelled');

    const controller = new AbortController();
    const long = rejection(a.synthesize(request(LONG, ES, 0.7, 'mp3'), controller.signal));
    const queued = rejection(a.synthesize(request(LONG), controller.signal)); // waits behind the first
    const next = a.synthesize(request('Hola.'));
    const abortedAt = performance.now();
    controller.abort(new Error('user pressed stop'));
    const error = await long;
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain('user pressed stop');
    expect((await queued).kind).toBe('cancelled');
    const short = await next; // gets its own short audio, not the dropped long one
    expect(short.format).toBe('wav');
    expect(short.durationMs).toBeLessThan(2000);
    expect(a.isUsable()).toBe(true);
  });

  it.each<[CrashMode]>([['terminate'], ['exit'], ['throw'], ['abort']])(
    'a worker crash (%s) rejects the in-flight and queued jobs with engine-crash and makes it unusable',
    async (mode) => {
      const victim = await engine.createSynthesizer();
      // terminate: kill the thread while it synthesizes. The others are handled by the worker between
      // jobs (it is busy during a synth), so they are triggered first and the job is in flight as it dies.
      if (mode !== 'terminate') victim.simulateCrashForTesting(mode);
      const inFlight = rejection(victim.synthesize(request(LONG, ES, 0.7)));
      const queued = rejection(victim.synthesize(request('Hola.')));
      if (mode === 'terminate') victim.simulateCrashForTesting(mode);
      const error = await inFlight;
      expect(error.kind).toBe('engine-crash');
      expect(error.retryable).toBe(true);
      if (mode === 'abort') expect(error.message).toMatch(/Aborted/);
      expect((await queued).kind).toBe('engine-crash');
      expect(victim.isUsable()).toBe(false);
      expect((await rejection(victim.synthesize(request('Hola.')))).kind).toBe('engine-crash');
      await victim.close();
    },
  );

  it('a job over jobTimeoutMs kills the worker: timeout, unusable', async () => {
    const impatient = new OfflineEngine({ jobTimeoutMs: 5 });
    const s = await impatient.createSynthesizer();
    const error = await rejection(s.synthesize(request(`${LONG} ${LONG} ${LONG}`, ES, 0.7, 'mp3')));
    expect(error.kind).toBe('timeout');
    expect(s.isUsable()).toBe(false);
    await impatient.close();
  });

  it('close() is idempotent, fast, rejects in-flight work as cancelled and later calls too', async () => {
    const s = await engine.createSynthesizer();
    const inFlight = rejection(s.synthesize(request(LONG, ES, 0.7)));
    const started = performance.now();
    const closes = [s.close(), s.close()];
    await Promise.all(closes);
    await s.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await inFlight).kind).toBe('cancelled');
    expect(s.isUsable()).toBe(false);
    expect((await rejection(s.synthesize(request('Hola.')))).kind).toBe('cancelled');
  });

  it('engine.close() closes synthesizers still open and refuses new ones', async () => {
    const own = new OfflineEngine();
    const s = await own.createSynthesizer();
    await own.close();
    await own.close();
    expect(s.isUsable()).toBe(false);
    expect((await rejection(own.createSynthesizer())).kind).toBe('cancelled');
  });
});

describe('OfflineSynthesizer startup failures', () => {
  const temp = useTempFolder('cas-worker-');

  it('a worker that throws while loading rejects create() with engine-crash', async () => {
    const file = path.join(temp.dir, 'broken.mjs');
    await writeFile(file, "throw new Error('espeak-ng.data not found');\n");
    const error = await rejection(OfflineSynthesizer.create({ workerUrl: pathToFileURL(file) }));
    expect(error.kind).toBe('engine-crash');
    expect(error.message).toContain('espeak-ng.data not found');
  });

  it('a missing worker file rejects create() with engine-crash', async () => {
    const error = await rejection(OfflineSynthesizer.create({ workerUrl: pathToFileURL(path.join(temp.dir, 'nope.mjs')) }));
    expect(error.kind).toBe('engine-crash');
  });

  it('a worker that never reports ready is terminated after startupTimeoutMs', async () => {
    const file = path.join(temp.dir, 'silent.mjs');
    await writeFile(file, 'setInterval(() => {}, 1000);\n');
    const started = performance.now();
    const error = await rejection(OfflineSynthesizer.create({ workerUrl: pathToFileURL(file), startupTimeoutMs: 300 }));
    expect(error.kind).toBe('engine-crash');
    expect(error.message).toMatch(/no answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
