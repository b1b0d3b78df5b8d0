/**
 * Test helpers around the real Speech SDK: a synthesizer pointed at the emulator and a speak()
 * that never hangs the test (the SDK has no timeouts of its own, docs/design/azure-tts-protocol.md section 1.8).
 */
import sdk from 'microsoft-cognitiveservices-speech-sdk';
import { afterEach } from 'vitest';
import { startAzureServer, type AzureServer, type AzureServerOptions } from '../../support/azure-server';

export { sdk };

export const TEST_KEY = 'test-key-0123456789';

export type Format = 'riff24' | 'mp3-24' | 'raw16' | 'riff48';

const FORMATS: Record<Format, sdk.SpeechSynthesisOutputFormat> = {
  riff24: sdk.SpeechSynthesisOutputFormat.Riff24Khz16BitMonoPcm,
  riff48: sdk.SpeechSynthesisOutputFormat.Riff48Khz16BitMonoPcm,
  raw16: sdk.SpeechSynthesisOutputFormat.Raw16Khz16BitMonoPcm,
  'mp3-24': sdk.SpeechSynthesisOutputFormat.Audio24Khz48KBitRateMonoMp3,
};

export function makeSynth(server: AzureServer, format: Format = 'riff24', key = TEST_KEY): sdk.SpeechSynthesizer {
  const config = sdk.SpeechConfig.fromHost(new URL(server.url), key);
  config.speechSynthesisOutputFormat = FORMATS[format];
  return new sdk.SpeechSynthesizer(config, null as unknown as sdk.AudioConfig);
}

export function ssml(text: string, voice = 'en-US-JennyNeural', rate = '+0%', lang = 'en-US'): string {
  const esc = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="${lang}">` +
    `<voice name="${voice}"><prosody rate="${rate}">${esc}</prosody></voice></speak>`
  );
}

export type SpeakOutcome =
  | { kind: 'result'; result: sdk.SpeechSynthesisResult; ms: number; details: string; code: sdk.CancellationErrorCode | undefined }
  | { kind: 'error'; error: string; ms: number }
  | { kind: 'timeout'; ms: number };

/** speakSsmlAsync with a deadline; a timeout leaves the synthesizer stuck, so close it afterwards. */
export function speak(synth: sdk.SpeechSynthesizer, doc: string, timeoutMs = 5000): Promise<SpeakOutcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout', ms: performance.now() - t0 }), timeoutMs);
    synth.speakSsmlAsync(
      doc,
      (result) => {
        clearTimeout(timer);
        let details = '';
        let code: sdk.CancellationErrorCode | undefined;
        if (result.reason === sdk.ResultReason.Canceled) {
          const c = sdk.CancellationDetails.fromResult(result);
          details = String(c.errorDetails);
          code = c.ErrorCode;
        }
        resolve({ kind: 'result', result, ms: performance.now() - t0, details, code });
      },
      (error) => {
        clearTimeout(timer);
        resolve({ kind: 'error', error: String(error), ms: performance.now() - t0 });
      },
    );
  });
}

export function closeSynth(synth: sdk.SpeechSynthesizer): Promise<void> {
  // close() may never call back after a stalled call on some runtimes; do not wait for ever.
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    synth.close(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** The outcome as a result, or a test failure that says what happened instead. */
export function expectResult(outcome: SpeakOutcome): Extract<SpeakOutcome, { kind: 'result' }> {
  if (outcome.kind !== 'result') throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/**
 * One server and its synthesizers per test: `start()` the server (with this file's key and the given
 * seed), `synthFor()` a synthesizer on it; both are closed after each test.
 */
export function serverPerTest(seed: number): {
  start(opts?: AzureServerOptions): Promise<AzureServer>;
  synthFor(server: AzureServer, format?: Format, key?: string): sdk.SpeechSynthesizer;
  /** The synthesizers closed after the test; a test may take one out to close it itself. */
  synths: sdk.SpeechSynthesizer[];
} {
  let server: AzureServer | undefined;
  const synths: sdk.SpeechSynthesizer[] = [];
  afterEach(async () => {
    await Promise.all(synths.splice(0).map(closeSynth));
    await server?.close();
    server = undefined;
  });
  return {
    synths,
    async start(opts = {}) {
      server = await startAzureServer({ key: TEST_KEY, seed, ...opts });
      return server;
    },
    synthFor(s, format = 'riff24', key = TEST_KEY) {
      const synth = makeSynth(s, format, key);
      synths.push(synth);
      return synth;
    },
  };
}
