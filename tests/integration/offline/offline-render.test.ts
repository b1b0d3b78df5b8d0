/**
 * Real eSpeak NG in real worker threads: what comes out is real, decodable, correctly timed speech.
 * Decoding and levels are checked independently with Debian sox (tests/support/audio-decode.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import type { SynthesisRequest } from '../../../electron/main/core/engines/speech-engine';
import { OfflineEngine, type OfflineSynthesizer, supportedOfflineLanguages, supportedOfflineLocales } from '../../../electron/main/core/engines/offline';
import type { OutputFormat } from '../../../shared/model/audio';
import { parseMp3 } from '../../../electron/main/core/output/mp3-frames';
import { parseWavHeader } from '../../../electron/main/core/output/wav';
import { assertSoxAvailable, decodeBytesWithSox } from '../../support/audio-decode';
import { prerequisite } from '../../support/prerequisites';

const soxTool = prerequisite('sox');

const ES = 'es-ES-ElviraNeural';
const EN = 'en-US-GuyNeural';

function request(text: string, voice: string, rate = 1, format: OutputFormat = 'wav'): SynthesisRequest {
  const locale = voice.split('-').slice(0, 2).join('-');
  return { ssml: buildSsml({ text, voice, rate, locale }), text, voice, rate, locale, format };
}

const LONG_SENTENCE =
  'En la pequeña ciudad donde crecí, cada mañana los vecinos se saludaban en la plaza mientras el panadero abría su tienda, ' +
  'los niños corrían hacia la escuela con sus mochilas llenas de libros, y los ancianos se sentaban en los bancos a conversar ' +
  'sobre el tiempo, la cosecha y las noticias del día, hasta que el sol alto anunciaba la hora de volver a casa para comer juntos ' +
  'en familia, como siempre hacían los domingos.';

const engine = new OfflineEngine();
let synthesizer: OfflineSynthesizer;

beforeAll(async () => {
  if (!soxTool.missing) await assertSoxAvailable();
  synthesizer = await engine.createSynthesizer();
});
afterAll(async () => {
  await synthesizer?.close();
  await engine.close();
});

describe.skipIf(soxTool.missing)(soxTool.title('offline engine renders real speech'), () => {
  it.each([
    ['Spanish', ES, '¿Dónde está la biblioteca? Está al lado del museo.'],
    ['English', EN, 'Where is the library? It is next to the museum.'],
  ])('%s renders to WAV and MP3 that sox decodes, non-silent, with our duration within 5%%', async (_name, voice, text) => {
    for (const format of ['wav', 'mp3'] as const) {
      const audio = await synthesizer.synthesize(request(text, voice, 1, format));
      expect(audio.format).toBe(format);
      expect(audio.sampleRate).toBe(22_050);
      expect(audio.durationMs).toBeGreaterThan(1500);
      expect(audio.durationMs).toBeLessThan(8000);
      if (format === 'wav') {
        const header = parseWavHeader(audio.bytes);
        expect(header).toMatchObject({ sampleRate: 22_050, channels: 1, bitsPerSample: 16 });
        expect(header.durationMs).toBeCloseTo(audio.durationMs, 6);
      } else {
        expect(parseMp3(audio.bytes)).toMatchObject({ sampleRate: 22_050, channels: 1, layer: 3 });
      }
      const decoded = await decodeBytesWithSox(audio.bytes, format);
      expect(decoded).toMatchObject({ sampleRate: 22_050, channels: 1 });
      expect(Math.abs(decoded.durationSec * 1000 - audio.durationMs)).toBeLessThanOrEqual(0.05 * audio.durationMs);
      expect(Math.abs(decoded.decodedSec * 1000 - audio.durationMs)).toBeLessThanOrEqual(0.05 * audio.durationMs);
      expect(decoded.rmsDb).toBeGreaterThan(-35); // eSpeak speech is about -21 dBFS RMS
      expect(decoded.maxAmplitude).toBeGreaterThan(0.1);
    }
  });

  it.each([
    ['Spanish', ES, 'Mañana vamos a la biblioteca con mis amigos.'],
    ['English', EN, 'Tomorrow we are going to the library with my friends.'],
  ])('%s at 0.7x is at least 1.2x longer than at 1.0x', async (_name, voice, text) => {
    const normal = await synthesizer.synthesize(request(text, voice, 1));
    const slow = await synthesizer.synthesize(request(text, voice, 0.7));
    expect(slow.durationMs / normal.durationMs).toBeGreaterThanOrEqual(1.2);
  });

  it('renders text with & < > " \' and emoji (non-empty, decodes, plausible length)', async () => {
    const text = `Tom & Jerry <3 "quotes" and 'single' > less 🍕😀 fin`;
    for (const format of ['wav', 'mp3'] as const) {
      const audio = await synthesizer.synthesize(request(text, EN, 1, format));
      const decoded = await decodeBytesWithSox(audio.bytes, format);
      expect(decoded.durationSec).toBeGreaterThan(2);
      expect(decoded.durationSec).toBeLessThan(15);
      expect(decoded.rmsDb).toBeGreaterThan(-35);
    }
  });

  it('renders a 400-character sentence to more than 10 s of speech', async () => {
    expect(LONG_SENTENCE.length).toBeGreaterThanOrEqual(400);
    const audio = await synthesizer.synthesize(request(LONG_SENTENCE, ES, 1, 'mp3'));
    expect(audio.durationMs).toBeGreaterThan(10_000);
    const decoded = await decodeBytesWithSox(audio.bytes, 'mp3');
    expect(decoded.durationSec).toBeGreaterThan(10);
    expect(Math.abs(decoded.durationSec * 1000 - audio.durationMs)).toBeLessThanOrEqual(0.05 * audio.durationMs);
  });

  it('reads escaped markup as text: "&lt;break time=8s/&gt;" in text adds no 8 s pause', async () => {
    const asText = await synthesizer.synthesize(request('uno <break time="8s"/> dos', ES));
    // Control: the same break as real SSML really does pause for 8 s.
    const asMarkup = await synthesizer.synthesize({ ...request('uno dos', ES), ssml: '<speak><break time="8s"/>uno dos</speak>' });
    expect(asMarkup.durationMs).toBeGreaterThan(8000);
    expect(asText.durationMs).toBeLessThan(6000);
    expect(asText.durationMs).toBeGreaterThan(1500); // the words "break time ..." are spoken
  });

  it('applies the rate once: prosody rate in the SSML does not slow the audio a second time', async () => {
    const text = 'Mañana vamos a la biblioteca con mis amigos.';
    const slow = await synthesizer.synthesize(request(text, ES, 0.7));
    const slowByWpmOnly = await synthesizer.synthesize({ ...request(text, ES, 0.7), ssml: `<speak>${text}</speak>` });
    expect(Math.abs(slow.durationMs - slowByWpmOnly.durationMs)).toBeLessThan(0.05 * slowByWpmOnly.durationMs);
  });

  it('every supported locale and language (in a region with no voice of its own) speaks with its mapped eSpeak voice', async () => {
    const voices = [
      ...supportedOfflineLocales().map((locale) => `${locale}-TestNeural`),
      ...supportedOfflineLanguages().map((language) => `${language}-QQ-TestNeural`),
      'es-CR-TestNeural',
      'en-IN-TestNeural',
    ];
    expect(voices.length).toBeGreaterThan(90);
    for (const voice of voices) {
      const text = voice.startsWith('zh') ? '你好，世界' : '1 2 3';
      const audio = await synthesizer.synthesize(request(text, voice));
      expect(audio.durationMs, voice).toBeGreaterThan(400);
    }
  });
});
