/**
 * The wire format, checked with a bare `ws` client so nothing the SDK tolerates can hide a
 * deviation from docs/design/azure-tts-protocol.md section 1.3–section 1.6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  audioDurationMs,
  encodeBinaryFrame,
  encodeTextFrame,
  expectedTurnMs,
  parseBinaryFrame,
  parseTextFrame,
  physicalLimitMs,
  startAzureServer,
  type AzureServer,
} from '../../support/azure-server';
import { FaultScheduler } from '../../support/azure-server/faults';
import { TEST_KEY, ssml } from './sdk-harness';

type Received = { text: string } | { binary: Buffer };

function clientFrame(path: string, requestId: string, contentType: string, body: string): string {
  return `Path: ${path}\r\nX-RequestId: ${requestId}\r\nX-Timestamp: ${new Date().toISOString()}\r\nContent-Type: ${contentType}\r\n\r\n${body}`;
}

function context(format: string, wordBoundary: boolean): string {
  return JSON.stringify({
    synthesis: {
      audio: {
        metadataOptions: {
          bookmarkEnabled: false,
          punctuationBoundaryEnabled: 'false',
          sentenceBoundaryEnabled: 'false',
          sessionEndEnabled: true,
          visemeEnabled: false,
          wordBoundaryEnabled: String(wordBoundary),
        },
        outputFormat: format,
      },
      language: { autoDetection: false },
    },
  });
}

async function rawTurn(
  server: AzureServer,
  doc: string,
  opts: { format?: string; wordBoundary?: boolean } = {},
): Promise<{ frames: Received[]; close?: { code: number; reason: string } }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/tts/cognitiveservices/websocket/v1?Ocp-Apim-Subscription-Key=${TEST_KEY}&X-ConnectionId=ABC`);
  const frames: Received[] = [];
  const rid = 'F753B753277F4FE996F12BA39C7C99C4';
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => {
      ws.send(clientFrame('speech.config', rid, 'application/json', '{"context":{"system":{"name":"SpeechSDK"}}}'));
      ws.send(clientFrame('synthesis.context', rid, 'application/json', context(opts.format ?? 'raw-24khz-16bit-mono-pcm', opts.wordBoundary ?? false)));
      ws.send(clientFrame('ssml', rid, 'application/ssml+xml', doc));
    });
    ws.on('message', (data: Buffer, isBinary) => {
      frames.push(isBinary ? { binary: data } : { text: data.toString('utf8') });
      if (!isBinary && data.toString('utf8').includes('Path:turn.end')) {
        ws.close();
        resolve({ frames });
      }
    });
    ws.on('close', (code, reason) => resolve({ frames, close: { code, reason: reason.toString() } }));
  });
}

describe('wire protocol (bare ws client)', () => {
  let server: AzureServer;
  beforeAll(async () => {
    server = await startAzureServer({ key: TEST_KEY, seed: 7 });
  });
  afterAll(() => server.close());

  it('sends the section 1.5 transcript with service-style headers', async () => {
    const { frames } = await rawTurn(server, ssml('Hello there world'));
    const texts = frames.filter((f): f is { text: string } => 'text' in f).map((f) => f.text);
    const paths = frames.map((f) => ('text' in f ? parseTextFrame(f.text).path : 'audio*'));
    expect(paths[0]).toBe('turn.start');
    expect(paths[1]).toBe('response');
    expect(paths.slice(2, -2).every((p) => p === 'audio*')).toBe(true);
    expect(paths.slice(-2)).toEqual(['audio.metadata', 'turn.end']);

    // No spaces after colons, X-RequestId first, Path last, CRLF CRLF before the body.
    expect(texts[0]).toMatch(/^X-RequestId:F753B753277F4FE996F12BA39C7C99C4\r\nContent-Type:application\/json; charset=utf-8\r\nPath:turn\.start\r\n\r\n\{/);
    const response = JSON.parse(parseTextFrame(texts[1] ?? '').body) as { audio: { type: string; streamId: string } };
    expect(response.audio.type).toBe('inline');
    expect(response.audio.streamId).toMatch(/^[0-9A-F]{32}$/);
    const sessionEnd = JSON.parse(parseTextFrame(texts[2] ?? '').body) as { Metadata: Array<{ Type: string; Data: { Offset: number } }> };
    expect(sessionEnd.Metadata[0]?.Type).toBe('SessionEnd');
    expect(sessionEnd.Metadata[0]?.Data.Offset).toBe(Math.round(audioDurationMs('Hello there world') * 10_000));
    expect(texts.at(-1)).toBe('X-RequestId:F753B753277F4FE996F12BA39C7C99C4\r\nContent-Type:application/json; charset=utf-8\r\nPath:turn.end\r\n\r\n{}');

    // Binary frames: big-endian length, ASCII headers ending in Path:audio, raw PCM (no RIFF header).
    const audio = frames.filter((f): f is { binary: Buffer } => 'binary' in f).map((f) => f.binary);
    const first = audio[0] as Buffer;
    const headerLength = first.readUInt16BE(0);
    expect(first.subarray(2, 2 + headerLength).toString('ascii')).toBe(
      `X-RequestId:F753B753277F4FE996F12BA39C7C99C4\r\nX-StreamId:${response.audio.streamId}\r\nContent-Type:audio/x-wav\r\nPath:audio\r\n`,
    );
    const pcm = Buffer.concat(audio.map((f) => parseBinaryFrame(f).payload));
    expect(pcm.subarray(0, 4).toString('ascii')).not.toBe('RIFF');
    expect(pcm.length).toBe(2 * Math.round(audioDurationMs('Hello there world') * 24));
    expect(audio.length).toBeGreaterThan(5); // streamed in ~100 ms chunks
  });

  it('sends WordBoundary metadata only when requested, and mp3 as audio/mpeg', async () => {
    const without = await rawTurn(server, ssml('one two three'));
    expect(without.frames.some((f) => 'text' in f && f.text.includes('WordBoundary'))).toBe(false);
    const withWords = await rawTurn(server, ssml('one two three'), { wordBoundary: true, format: 'audio-24khz-48kbitrate-mono-mp3' });
    const words = withWords.frames
      .filter((f): f is { text: string } => 'text' in f && f.text.includes('WordBoundary'))
      .map((f) => (JSON.parse(parseTextFrame(f.text).body) as { Metadata: Array<{ Data: { text: { Text: string } } }> }).Metadata[0]?.Data.text.Text);
    expect(words).toEqual(['one', 'two', 'three']);
    const audio = withWords.frames.filter((f): f is { binary: Buffer } => 'binary' in f).map((f) => parseBinaryFrame(f.binary));
    expect(audio[0]?.headers.get('content-type')).toBe('audio/mpeg');
    expect(audio.every((f) => f.payload[0] === 0xff)).toBe(true); // each chunk starts on an MP3 frame sync
  });

  it('closes 1007 with an "Unsupported voice" reason after turn.start', async () => {
    const { frames, close } = await rawTurn(server, ssml('x', 'en-US-NobodyNeural'));
    expect(frames.map((f) => ('text' in f ? parseTextFrame(f.text).path : 'audio'))).toEqual(['turn.start']);
    expect(close).toEqual({ code: 1007, reason: 'Unsupported voice en-US-NobodyNeural.' });
  });

  it('rejects output formats it cannot encode with 1007', async () => {
    const { close } = await rawTurn(server, ssml('x'), { format: 'ogg-24khz-16bit-mono-opus' });
    expect(close?.code).toBe(1007);
    expect(close?.reason).toMatch(/Unsupported output format/);
  });

  it('closes 1002 on a frame without the CRLF CRLF separator', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/any/path?Ocp-Apim-Subscription-Key=${TEST_KEY}`);
    const close = await new Promise<{ code: number; reason: string }>((resolve) => {
      ws.on('open', () => ws.send('Path: ssml\r\nX-RequestId: 1\r\n<speak/>'));
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(close.code).toBe(1002);
  });

  it('answers a bad key with HTTP 401, on the upgrade and on the voices list', async () => {
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/tts/cognitiveservices/websocket/v1`, { headers: { 'Ocp-Apim-Subscription-Key': 'wrong' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => resolve(undefined));
    });
    expect(status).toBe(401);
    const res = await fetch(`${server.url}/cognitiveservices/voices/list`, { headers: { 'Ocp-Apim-Subscription-Key': 'wrong' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('401');
    const ok = await fetch(`${server.url}/some/prefix/cognitiveservices/voices/list`, { headers: { 'Ocp-Apim-Subscription-Key': TEST_KEY } });
    const voices = (await ok.json()) as Array<Record<string, unknown>>;
    expect(voices.find((v) => v.ShortName === 'es-ES-ElviraNeural')).toMatchObject({
      Name: 'Microsoft Server Speech Text to Speech Voice (es-ES, ElviraNeural)',
      Locale: 'es-ES',
      Gender: 'Female',
      VoiceType: 'Neural',
      Status: 'GA',
      SampleRateHertz: '24000',
    });
  });
});

describe('frames, model and fault schedule', () => {
  it('frame encoders put X-RequestId first and Path last, and round-trip', () => {
    const text = encodeTextFrame(
      [
        ['Path', 'turn.end'],
        ['Content-Type', 'application/json'],
        ['X-RequestId', 'R'],
      ],
      '{}',
    );
    expect(text).toBe('X-RequestId:R\r\nContent-Type:application/json\r\nPath:turn.end\r\n\r\n{}');
    const bin = encodeBinaryFrame(
      [
        ['Path', 'audio'],
        ['X-RequestId', 'R'],
        ['X-StreamId', 'S'],
      ],
      Buffer.from([1, 2, 3]),
    );
    const parsed = parseBinaryFrame(bin);
    expect([parsed.path, parsed.requestId, parsed.headers.get('x-streamid'), [...parsed.payload]]).toEqual(['audio', 'R', 'S', [1, 2, 3]]);
  });

  it('latency and duration formulas', () => {
    const latency = { connectMs: 150, firstByteMs: 200, perCharMs: 5 };
    expect(expectedTurnMs('a'.repeat(36), 1, latency)).toBe(380);
    expect(expectedTurnMs('a'.repeat(36), 0.5, latency)).toBe(560);
    expect(expectedTurnMs('  spaced   out  ', 1, latency)).toBe(200 + 5 * 'spaced out'.length);
    expect(audioDurationMs('a'.repeat(50), 1)).toBe(3000);
    expect(audioDurationMs('a'.repeat(50), 2)).toBe(1500);
    expect(audioDurationMs('hi', 1)).toBe(300);
    expect(audioDurationMs('a'.repeat(50), 5)).toBe(1500); // rate clamped to 2
    const items = Array.from({ length: 8 }, () => ({ text: 'a'.repeat(36), rate: 1 }));
    expect(physicalLimitMs({ items, concurrency: 4, latency })).toBe(150 + (8 * 380) / 4);
  });

  it('fault draws are seeded and queued faults come first', () => {
    const draw = (seed: number) => {
      const s = new FaultScheduler({ rates: { stall: 0.2, 'drop-mid-audio': 0.1 }, next: ['close-1011'] }, seed);
      return Array.from({ length: 40 }, () => s.takeTurnFault() ?? '-');
    };
    const a = draw(42);
    expect(a[0]).toBe('close-1011');
    expect(draw(42)).toEqual(a);
    expect(draw(43)).not.toEqual(a);
    expect(a.filter((f) => f === 'stall').length).toBeGreaterThan(2);
  });
});
