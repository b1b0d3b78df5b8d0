/**
 * The classifier on the exact texts the Speech SDK 1.52.0 reports (docs/design/azure-tts-protocol.md section 1.8, observed with
 * the real SDK; `\n` + 20 spaces as the SDK formats it), and on each kind's policy-relevant flags.
 */
import { describe, expect, it } from 'vitest';
import { classifySdkFailure, cleanDetails } from '../../../../electron/main/core/engines/azure/classify-error';
import { redactSecrets } from '../../../../electron/main/core/engines/azure/redact';

const URL_ = 'http://127.0.0.1:41234/tts/cognitiveservices/websocket/v1';
const upgrade = (reason: string): string => `Unable to contact server. StatusCode: 1006,\n                    ${URL_} Reason:  ${reason}`;

const classify = (details: unknown, errorCode?: string) => classifySdkFailure({ details, ...(errorCode ? { errorCode } : {}), phase: 'call' });

describe('classifySdkFailure: throttling (requeue, never fail)', () => {
  it('HTTP 429 on the upgrade is throttling AND a refused connection (the pool learns the cap)', () => {
    const error = classify(upgrade('Unexpected server response: 429'), 'ConnectionFailure');
    expect(error.kind).toBe('throttled');
    expect(error.refusedConnection).toBe(true);
    expect(error.detail).toContain('Unexpected server response: 429');
  });

  it('close 4429 (concurrent request limit) is throttling, not a refused connection', () => {
    const error = classify(
      'The request is throttled because you have exceeded the concurrent request limit allowed for your subscription. websocket error code: 4429',
      'ConnectionFailure',
    );
    expect(error.kind).toBe('throttled');
    expect(error.refusedConnection).toBe(false);
  });

  it('close 1007 with throttling text is throttling although the SDK says BadRequestParameters', () => {
    const error = classify('Throttled due to too many requests websocket error code: 1007', 'BadRequestParameters');
    expect(error.kind).toBe('throttled');
    expect(error.retryable).toBe(true);
  });

  it('"too many requests" in any case is throttling', () => {
    expect(classify('Too Many Requests websocket error code: 1008').kind).toBe('throttled');
  });
});

describe('classifySdkFailure: credentials and quota (stop the run)', () => {
  it('HTTP 401 on the upgrade is auth, with a message that says what to check', () => {
    const error = classify(upgrade('Unexpected server response: 401'), 'ConnectionFailure');
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/refused the key \(HTTP 401\).*check the key/i);
    expect(error.retryable).toBe(false);
  });

  it('HTTP 403 is auth', () => {
    expect(classify(upgrade('Unexpected server response: 403')).kind).toBe('auth');
  });

  it('a quota text is quota (not for a refused request quoting it)', () => {
    expect(classify('Quota exceeded for this subscription websocket error code: 4003', 'ConnectionFailure').kind).toBe('quota');
    expect(classify('Invalid SSML: quota websocket error code: 1007', 'BadRequestParameters').kind).toBe('bad-request');
  });
});

describe('classifySdkFailure: network (retry; repeated = outage)', () => {
  it.each([
    ['nothing listening', upgrade('connect ECONNREFUSED 127.0.0.1:41234')],
    ['connection destroyed (outage)', upgrade('socket hang up')],
    ['DNS', upgrade('getaddrinfo ENOTFOUND westeurope.tts.speech.microsoft.com')],
    ['TCP reset mid-audio', ' websocket error code: 1006'],
    ['Node 24 built-in WebSocket: no status', upgrade('')],
    ['upgrade 503', upgrade('Unexpected server response: 503')],
  ])('%s', (_label, details) => {
    expect(classify(details, 'ConnectionFailure').kind).toBe('network');
  });

  it('"Websocket not ready" (a close racing the call) is network, and the stack trace is cut from the detail', () => {
    const details =
      'websocket send error: Websocket not ready 2F6B0B2F7E5A4C1C9D7E1D2B3A4C5D6E 8A9B7C6D5E4F3A2B1C0D9E8F7A6B5C4D Error\n    at WebsocketMessageAdapter.send (file.js:1:1)\n    at async X (file.js:2:2)';
    const error = classify(details, 'ConnectionFailure');
    expect(error.kind).toBe('network');
    expect(error.detail).toBe('websocket send error: Websocket not ready 2F6B0B2F7E5A4C1C9D7E1D2B3A4C5D6E 8A9B7C6D5E4F3A2B1C0D9E8F7A6B5C4D Error');
  });

  it('"fetch failed" arrives as an Error object (the redirect probe): String() it, network', () => {
    const error = classify(new TypeError('fetch failed'), 'ConnectionFailure');
    expect(error.kind).toBe('network');
    expect(error.detail).toBe('TypeError: fetch failed');
  });
});

describe('classifySdkFailure: refused requests and server errors', () => {
  it('close 1007 without throttling text fails only the phrase, with the service reason', () => {
    const error = classify('Unsupported voice xx-XX-NobodyNeural. websocket error code: 1007', 'BadRequestParameters');
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe('Azure Speech rejected the request: Unsupported voice xx-XX-NobodyNeural.');
    expect(error.retryable).toBe(false);
  });

  it('invalid SSML is a bad request', () => {
    expect(classify("Invalid SSML: line 1, column 12: unexpected '<' websocket error code: 1007", 'BadRequestParameters').kind).toBe('bad-request');
  });

  it('close 1011 is a server error (retryable)', () => {
    const error = classify('Internal server error. websocket error code: 1011', 'ConnectionFailure');
    expect(error.kind).toBe('server');
    expect(error.retryable).toBe(true);
  });

  it('upgrade 500 is server, 404 a bad request (wrong host or region)', () => {
    expect(classify(upgrade('Unexpected server response: 500')).kind).toBe('server');
    expect(classify(upgrade('Unexpected server response: 404')).kind).toBe('bad-request');
  });

  it('a call on a disposed synthesizer is an engine crash', () => {
    expect(classify('Error: the object is already disposed').kind).toBe('engine-crash');
  });

  it('an unknown ConnectionFailure is network; anything else server', () => {
    expect(classify('something odd', 'ConnectionFailure').kind).toBe('network');
    expect(classify('something odd', 'ServiceError').kind).toBe('server');
  });
});

describe('the key never appears in what we produce', () => {
  const KEY = 'a1b2c3d4e5f6SECRET';

  it('is removed from the query string and from plain text', () => {
    const text = `GET /tts/cognitiveservices/websocket/v1?Ocp-Apim-Subscription-Key=${KEY}&X-ConnectionId=AB12 failed; key ${KEY}`;
    const cleaned = redactSecrets(text, KEY);
    expect(cleaned).not.toContain(KEY);
    expect(cleaned).toContain('Ocp-Apim-Subscription-Key=***&X-ConnectionId=AB12');
    expect(redactSecrets(`?authorization=Bearer%20${KEY}`, KEY)).not.toContain(KEY);
  });

  it('classification redacts both message and detail', () => {
    for (const details of [
      upgrade(`Unexpected server response: 401 ${URL_}?Ocp-Apim-Subscription-Key=${KEY}`),
      `${KEY} websocket error code: 1011`,
      `Unsupported voice ${KEY}. websocket error code: 1007`,
    ]) {
      const error = classifySdkFailure({ details, errorCode: 'BadRequestParameters', key: KEY });
      expect(error.message).not.toContain(KEY);
      expect(error.detail ?? '').not.toContain(KEY);
    }
    expect(cleanDetails(new Error(`boom ${KEY}`), KEY)).toBe('boom ***');
  });
});
