import { describe, expect, it } from 'vitest';
import { parseRetryAfter, VoiceList, voiceListUrl } from '../../../../electron/main/core/engines/azure/voice-list';
import { SynthesisError } from '../../../../electron/main/core/engines/synthesis-error';

const JENNY = {
  Name: 'Microsoft Server Speech Text to Speech Voice (en-US, JennyNeural)',
  DisplayName: 'Jenny',
  LocalName: 'Jenny',
  ShortName: 'en-US-JennyNeural',
  Gender: 'Female',
  Locale: 'en-US',
  LocaleName: 'English (United States)',
  SampleRateHertz: '24000',
  VoiceType: 'Neural',
  Status: 'GA',
};
const ALVARO = { ...JENNY, Name: 'x', DisplayName: 'Alvaro', LocalName: 'Álvaro', ShortName: 'es-ES-AlvaroNeural', Gender: 'Male', Locale: 'es-ES', LocaleName: 'Spanish (Spain)' };

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A fetch that answers from a script and records what was asked. */
function scriptedFetch(answers: Answer[]): { fetch: typeof fetch; calls: Array<{ url: string; headers: Record<string, string> }> } {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const answer = answers.shift() ?? { status: 500 };
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), { status: answer.status, headers: answer.headers ?? {} });
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

describe('voiceListUrl', () => {
  it('uses the host (any scheme mapped to http/https) or the region endpoint', () => {
    expect(voiceListUrl({ host: 'http://127.0.0.1:5000' })).toBe('http://127.0.0.1:5000/cognitiveservices/voices/list');
    expect(voiceListUrl({ host: 'ws://127.0.0.1:5000/' })).toBe('http://127.0.0.1:5000/cognitiveservices/voices/list');
    expect(voiceListUrl({ host: 'wss://speech.example.com/prefix/' })).toBe('https://speech.example.com/prefix/cognitiveservices/voices/list');
    expect(voiceListUrl({ region: 'WestEurope' })).toBe('https://westeurope.tts.speech.microsoft.com/cognitiveservices/voices/list');
  });
});

describe('VoiceList', () => {
  it('maps the service JSON to VoiceInfo, sends the key header, and caches for the TTL', async () => {
    let now = 1_000;
    const { fetch, calls } = scriptedFetch([
      { status: 200, body: [JENNY, ALVARO, { nonsense: true }] },
      { status: 200, body: [JENNY] },
    ]);
    const list = new VoiceList({ host: 'http://h:1', key: 'K123', ttlMs: 60_000, fetch, now: () => now });
    const voices = await list.list();
    expect(voices).toEqual([
      { shortName: 'en-US-JennyNeural', displayName: 'Jenny', locale: 'en-US', localeName: 'English (United States)', gender: 'Female', fullName: JENNY.Name },
      { shortName: 'es-ES-AlvaroNeural', displayName: 'Alvaro', locale: 'es-ES', localeName: 'Spanish (Spain)', gender: 'Male', fullName: 'x' },
    ]);
    expect(calls[0]).toMatchObject({ url: 'http://h:1/cognitiveservices/voices/list', headers: { 'Ocp-Apim-Subscription-Key': 'K123' } });
    await Promise.all([list.list(), list.list()]);
    expect(calls).toHaveLength(1);
    now += 60_001;
    expect(await list.list()).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('shares one request between concurrent callers', async () => {
    const { fetch, calls } = scriptedFetch([{ status: 200, body: [JENNY] }]);
    const list = new VoiceList({ host: 'http://h:1', key: 'K', fetch });
    await Promise.all([list.list(), list.list(), list.list()]);
    expect(calls).toHaveLength(1);
  });

  it('401 is an auth error', async () => {
    const { fetch } = scriptedFetch([{ status: 401, body: { error: { code: '401', message: 'Access denied' } } }]);
    const error = (await new VoiceList({ host: 'http://h:1', key: 'K', fetch }).list().catch((e: unknown) => e)) as SynthesisError;
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.kind).toBe('auth');
    expect(error.detail).toContain('Access denied');
  });

  it('429 with a short Retry-After: waits it out once and succeeds', async () => {
    const { fetch, calls } = scriptedFetch([
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 200, body: [JENNY] },
    ]);
    expect(await new VoiceList({ host: 'http://h:1', key: 'K', fetch }).list()).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('429 with a long Retry-After: fails fast with retryAfterMs and asks nothing before it has passed', async () => {
    let now = 0;
    const { fetch, calls } = scriptedFetch([
      { status: 429, headers: { 'Retry-After': '60' } },
      { status: 200, body: [JENNY] },
    ]);
    const list = new VoiceList({ host: 'http://h:1', key: 'K', fetch, now: () => now });
    const first = (await list.list().catch((e: unknown) => e)) as SynthesisError;
    expect(first).toMatchObject({ kind: 'throttled', retryAfterMs: 60_000 });
    now = 30_000;
    const second = (await list.list().catch((e: unknown) => e)) as SynthesisError;
    expect(second).toMatchObject({ kind: 'throttled' });
    expect(calls).toHaveLength(1);
    now = 60_001;
    expect(await list.list()).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('a network failure is classified, and a stale list is served when there is one', async () => {
    let now = 0;
    const { fetch } = scriptedFetch([
      new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }),
      { status: 200, body: [JENNY] },
      new TypeError('fetch failed'),
    ]);
    const list = new VoiceList({ host: 'http://h:1', key: 'K', ttlMs: 10, fetch, now: () => now });
    expect(await list.list().catch((e: unknown) => e)).toMatchObject({ kind: 'network', detail: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(await list.list()).toHaveLength(1);
    now = 100;
    expect(await list.list()).toHaveLength(1); // stale, after a failed refresh
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
