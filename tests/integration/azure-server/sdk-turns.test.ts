/** The real Speech SDK against the emulator: happy paths, socket reuse, counters, latency. */
import { describe, expect, it } from 'vitest';
import { audioDurationMs, expectedTurnMs } from '../../support/azure-server';
import { closeSynth, serverPerTest, expectResult, makeSynth, sdk, speak, ssml } from './sdk-harness';

const { start, synthFor, synths } = serverPerTest(11);

function rms(pcm: Buffer): number {
  let sum = 0;
  const n = Math.floor(pcm.length / 2);
  for (let i = 0; i < n; i++) sum += pcm.readInt16LE(i * 2) ** 2;
  return Math.sqrt(sum / Math.max(1, n)) / 32768;
}

describe('SDK happy path', () => {
  it('a full turn returns RIFF audio of the modelled length, with audible content', async () => {
    const s = await start();
    const text = 'Tom & Jerry <say> "hello" to everyone';
    const out = expectResult(await speak(synthFor(s), ssml(text, 'en-US-GuyNeural', '-30%')));
    expect(sdk.ResultReason[out.result.reason]).toBe('SynthesizingAudioCompleted');
    const audio = Buffer.from(out.result.audioData);
    const durationMs = audioDurationMs(text, 0.7);
    expect(audio.subarray(0, 4).toString('ascii')).toBe('RIFF'); // added by the SDK, not the server
    expect(audio.readUInt32LE(24)).toBe(24000);
    const samples = Math.round(durationMs * 24);
    expect(audio.length).toBe(44 + 2 * samples);
    expect(out.result.audioDuration).toBe(Math.round((samples / 24) * 10_000)); // SessionEnd offset, 100-ns ticks
    expect(rms(audio.subarray(44))).toBeGreaterThan(0.03);
    const [entry] = s.turnLog();
    expect(entry).toMatchObject({ voice: 'en-US-GuyNeural', text, outputFormat: 'raw-24khz-16bit-mono-pcm', outcome: 'completed' });
    expect(entry?.rate).toBeCloseTo(0.7);
  });

  it('MP3: the SDK asks for audio-24khz-48kbitrate-mono-mp3 and gets about 48 kbit/s of frames', async () => {
    const s = await start();
    const text = 'An MP3 sentence of moderate length for the bitrate check.';
    const out = expectResult(await speak(synthFor(s, 'mp3-24'), ssml(text)));
    const audio = Buffer.from(out.result.audioData);
    expect(audio[0]).toBe(0xff); // frame sync, no RIFF, no ID3
    const expectedBytes = (audioDurationMs(text) / 1000) * 6000;
    expect(audio.length).toBeGreaterThan(expectedBytes * 0.95);
    expect(audio.length).toBeLessThan(expectedBytes * 1.1);
    expect(s.turnLog()[0]?.outputFormat).toBe('audio-24khz-48kbitrate-mono-mp3');
  });

  it('5 calls on one synthesizer use 1 upgrade; open sockets drop to 0 after close()', async () => {
    const s = await start();
    const synth = synthFor(s);
    for (let i = 0; i < 5; i++) {
      const out = expectResult(await speak(synth, ssml(`Phrase number ${i}`)));
      expect(out.result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted);
    }
    const c = s.counters();
    expect(c).toMatchObject({ upgrades: 1, upgradesAccepted: 1, openSockets: 1, peakOpenSockets: 1, turns: 5, turnsCompleted: 5 });
    expect(new Set(s.turnLog().map((t) => t.socketId)).size).toBe(1);
    await closeSynth(synths.pop() as sdk.SpeechSynthesizer);
    const after = await s.waitFor((x) => x.openSockets === 0);
    expect(after.closesByCode).toEqual({ '1000': 1 });
    expect(after.billableChars).toBe(5 * 'Phrase number 0'.length);
  });

  it('parallel synthesizers: peak sockets and peak concurrent turns', async () => {
    // Turns long enough (600 ms) that four SDK connections set up on a loaded machine still overlap.
    const s = await start({ latency: { connectMs: 0, firstByteMs: 600, perCharMs: 1 } });
    const pool = [synthFor(s), synthFor(s), synthFor(s), synthFor(s)];
    const outs = await Promise.all(pool.map((synth, i) => speak(synth, ssml(`Parallel ${i}`))));
    outs.forEach((o) => expect(expectResult(o).result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted));
    expect(s.counters()).toMatchObject({ upgrades: 4, peakOpenSockets: 4, peakConcurrentTurns: 4, concurrentTurns: 0 });
  });

  it('latency model: a turn takes firstByte + perChar·chars/rate, setup adds connectMs once', async () => {
    const latency = { connectMs: 120, firstByteMs: 80, perCharMs: 4 };
    const s = await start({ latency });
    const synth = synthFor(s);
    const text = 'Fifty characters of text for the latency model, ok';
    const expected = expectedTurnMs(text, 1, latency);
    expect(expected).toBe(80 + 4 * 50);
    const first = expectResult(await speak(synth, ssml(text)));
    const second = expectResult(await speak(synth, ssml(text)));
    const slow = expectResult(await speak(synth, ssml(text, 'en-US-JennyNeural', '-50%')));
    // Lower bounds are the model; upper bounds only guard against gross errors (the CI box is shared).
    expect(first.ms).toBeGreaterThanOrEqual(latency.connectMs + expected - 2);
    expect(first.ms).toBeLessThan(latency.connectMs + expected + 400);
    expect(second.ms).toBeGreaterThanOrEqual(expected - 2);
    expect(second.ms).toBeLessThan(expected + 250);
    expect(slow.ms).toBeGreaterThanOrEqual(expectedTurnMs(text, 0.5, latency) - 2);
    const log = s.turnLog();
    for (const entry of log) {
      const turn = (entry.endedAt ?? 0) - entry.receivedAt;
      expect(turn).toBeGreaterThanOrEqual((entry.plannedTurnMs ?? 0) - 1);
      expect(turn).toBeLessThan((entry.plannedTurnMs ?? 0) + 150);
      expect((entry.firstByteAt ?? 0) - entry.receivedAt).toBeGreaterThanOrEqual(79);
    }
    expect(log.map((e) => e.plannedTurnMs)).toEqual([280, 280, 480]);
  });

  it('streams synthesizing events and word boundaries when a handler is attached', async () => {
    const s = await start({ latency: { connectMs: 0, firstByteMs: 20, perCharMs: 2 } });
    const synth = synthFor(s);
    const words: string[] = [];
    let chunks = 0;
    synth.wordBoundary = (_sender, e) => words.push(e.text);
    synth.synthesizing = () => chunks++;
    const out = expectResult(await speak(synth, ssml('Hola, ¿qué tal estás hoy?', 'es-ES-AlvaroNeural', '+0%', 'es-ES')));
    expect(out.result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted);
    expect(words).toEqual(['Hola', 'qué', 'tal', 'estás', 'hoy']);
    expect(chunks).toBeGreaterThan(5);
    expect(s.turnLog()[0]?.wordBoundary).toBe(true);
  });

  it('speakTextAsync works with the SDK default voice', async () => {
    const s = await start();
    const synth = synthFor(s);
    const result = await new Promise<sdk.SpeechSynthesisResult>((resolve, reject) => synth.speakTextAsync('Plain text & more', resolve, reject));
    expect(result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted);
    expect(s.turnLog()[0]).toMatchObject({ voice: 'en-US-AvaMultilingualNeural', text: 'Plain text & more' });
  });

  it('getVoicesAsync: list, key check, and a 429 with Retry-After', async () => {
    const s = await start({ retryAfterSeconds: 7 });
    const voices = await synthFor(s).getVoicesAsync();
    expect(voices.reason).toBe(sdk.ResultReason.VoicesListRetrieved);
    expect(voices.voices.map((v) => v.shortName)).toContain('it-IT-ElsaNeural');
    const elvira = voices.voices.find((v) => v.shortName === 'es-ES-ElviraNeural');
    expect([elvira?.locale, elvira?.gender]).toEqual(['es-ES', sdk.SynthesisVoiceGender.Female]);

    const bad = makeSynth(s, 'riff24', 'wrong-key');
    synths.push(bad);
    const denied = await bad.getVoicesAsync();
    expect(denied.reason).toBe(sdk.ResultReason.Canceled);
    expect(String(denied.errorDetails)).toMatch(/^Error: 401: Access denied/);

    s.injectNext('voices-list-429');
    const rejected = await synthFor(s)
      .getVoicesAsync()
      .then(
        () => undefined,
        (e: unknown) => e as { statusCode?: number; headers?: Record<string, string> },
      );
    expect(rejected?.statusCode).toBe(429);
    expect(rejected?.headers?.['retry-after']).toBe('7');
    expect(s.counters()).toMatchObject({ voicesListRequests: 3, throttleEvents: 1, faults: { 'voices-list-429': 1 } });
  });

  it('idle close and max lifetime close between turns; the SDK reconnects transparently', async () => {
    const s = await start({ idleCloseMs: 80 });
    const synth = synthFor(s);
    expectResult(await speak(synth, ssml('before idle')));
    await s.waitFor((c) => c.openSockets === 0, 1000);
    expect(s.counters().serverClosesByCode).toEqual({ '1000': 1 });
    const out = expectResult(await speak(synth, ssml('after idle')));
    expect(out.result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted);
    expect(s.counters().upgrades).toBe(2);
    await s.waitFor((c) => c.openSockets === 0, 1000);

    s.setIdleCloseMs(undefined);
    s.setMaxSocketLifetimeMs(100);
    s.setLatency({ connectMs: 0, firstByteMs: 150, perCharMs: 0 });
    const other = synthFor(s);
    const retired = expectResult(await speak(other, ssml('the turn outlives the socket lifetime')));
    expect(retired.result.reason).toBe(sdk.ResultReason.SynthesizingAudioCompleted); // never cut mid-turn
    const c = await s.waitFor((x) => x.serverClosesByCode['1000'] === 3, 1000);
    expect(c.turnsCompleted).toBe(3);
    const last = s.turnLog()[2];
    expect((last?.endedAt ?? 0) - (last?.receivedAt ?? 0)).toBeGreaterThanOrEqual(149);
  });
});
