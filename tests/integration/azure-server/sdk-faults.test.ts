/**
 * Each throttling signal and fault kind, as the real SDK reports it (docs/design/azure-tts-protocol.md section 1.8). Error
 * classification in the app matches on these texts, so the tests pin them.
 */
import { describe, expect, it } from 'vitest';
import { REASON_1007_THROTTLED, REASON_4429, startAzureServer } from '../../support/azure-server';
import { TEST_KEY, closeSynth, serverPerTest, expectResult, makeSynth, sdk, speak, ssml, type SpeakOutcome } from './sdk-harness';

const THROTTLE_TEXT = /Unexpected server response: 429|websocket error code: 4429|throttl|too many requests/i;

const { start, synthFor, synths } = serverPerTest(5);

function canceled(outcome: SpeakOutcome): { code: string; details: string } {
  const out = expectResult(outcome);
  expect(sdk.ResultReason[out.result.reason]).toBe('Canceled');
  return { code: sdk.CancellationErrorCode[out.code ?? 0] ?? 'unknown', details: out.details };
}

function completed(outcome: SpeakOutcome): void {
  expect(sdk.ResultReason[expectResult(outcome).result.reason]).toBe('SynthesizingAudioCompleted');
}

describe('throttling as the SDK sees it', () => {
  it('connection cap: the second socket gets HTTP 429 with Retry-After', async () => {
    const s = await start({ connectionCap: 1, retryAfterSeconds: 3 });
    const a = synthFor(s);
    completed(await speak(a, ssml('first socket holds the slot')));
    const refused = canceled(await speak(synthFor(s), ssml('second socket')));
    expect(refused.code).toBe('ConnectionFailure');
    expect(refused.details).toContain('Unexpected server response: 429');
    expect(refused.details).toMatch(THROTTLE_TEXT);
    expect(s.counters()).toMatchObject({ upgrades: 2, upgradesAccepted: 1, upgradesRefused: { 429: 1 }, throttleEvents: 1, openSockets: 1 });
    // The first socket keeps working; raising the cap lets the second in.
    completed(await speak(a, ssml('still fine')));
    s.setConnectionCap(2);
    completed(await speak(synths[1] as sdk.SpeechSynthesizer, ssml('now admitted')));
    expect(s.counters().peakOpenSockets).toBe(2);
  });

  it('TPS quota, default close 1007: BadRequestParameters with the throttling text', async () => {
    const s = await start({ tps: { limit: 2, windowMs: 60_000 } });
    const synth = synthFor(s);
    completed(await speak(synth, ssml('one')));
    completed(await speak(synth, ssml('two')));
    const third = canceled(await speak(synth, ssml('three')));
    expect(third.code).toBe('BadRequestParameters');
    expect(third.details).toBe(`${REASON_1007_THROTTLED} websocket error code: 1007`);
    expect(s.turnLog().map((t) => t.outcome)).toEqual(['completed', 'completed', 'throttled']);
    // The SDK reports the close before the server has seen the handshake finish.
    expect(await s.waitFor((c) => c.closesByCode['1007'] === 1)).toMatchObject({ throttleEvents: 1, serverClosesByCode: { '1007': 1 } });
  });

  it('TPS quota with close 4429: ConnectionFailure naming the concurrent request limit', async () => {
    const s = await start({ tps: { limit: 1, windowMs: 60_000, closeCode: 4429 } });
    const synth = synthFor(s);
    completed(await speak(synth, ssml('one')));
    const second = canceled(await speak(synth, ssml('two')));
    expect(second.code).toBe('ConnectionFailure');
    expect(second.details).toBe(`${REASON_4429} websocket error code: 4429`);
    // The window slides: with a fresh quota the same synthesizer reconnects and succeeds.
    s.setTps({ limit: 5, windowMs: 1000 });
    completed(await speak(synth, ssml('three')));
    expect(s.counters().upgrades).toBe(2);
  });

  it('invalid SSML and unknown voices are BadRequestParameters without throttling text', async () => {
    const s = await start();
    const synth = synthFor(s);
    const malformed = canceled(
      await speak(synth, '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-JennyNeural">Tom & Jerry</voice></speak>'),
    );
    expect(malformed.code).toBe('BadRequestParameters');
    expect(malformed.details).toMatch(/^Invalid SSML: line 1, column \d+: .* websocket error code: 1007$/);
    expect(malformed.details).not.toMatch(THROTTLE_TEXT);
    const voice = canceled(await speak(synth, ssml('hello', 'en-US-NobodyNeural')));
    expect(voice.code).toBe('BadRequestParameters');
    expect(voice.details).toBe('Unsupported voice en-US-NobodyNeural. websocket error code: 1007');
    expect(s.turnLog().map((t) => t.outcome)).toEqual(['invalid-ssml', 'unsupported-voice']);
    expect(s.counters()).toMatchObject({ throttleEvents: 0, billableChars: 0 });
  });

  it('a wrong key is HTTP 401 on the upgrade', async () => {
    const s = await start();
    const denied = canceled(await speak(synthFor(s, 'riff24', 'not-the-key'), ssml('x')));
    expect(denied.code).toBe('ConnectionFailure');
    expect(denied.details).toContain('Unexpected server response: 401');
    expect(s.counters().upgradesRefused).toEqual({ 401: 1 });
  });
});

describe('fault kinds as the SDK sees them', () => {
  it.each([
    ['drop-mid-audio', 'ConnectionFailure', /^ websocket error code: 1006$/, 'dropped'],
    ['close-1011', 'ConnectionFailure', /^Internal server error\. websocket error code: 1011$/, 'closed-1011'],
    ['close-4429', 'ConnectionFailure', /concurrent request limit.* websocket error code: 4429$/, 'closed-4429'],
    ['close-1007', 'BadRequestParameters', /^Throttled due to too many requests websocket error code: 1007$/, 'closed-1007'],
  ] as const)('%s → Canceled/%s, and the next call reconnects', async (fault, code, details, outcome) => {
    const s = await start({ latency: { connectMs: 0, firstByteMs: 5, perCharMs: 1 } });
    const synth = synthFor(s);
    s.injectNext(fault);
    const failed = canceled(await speak(synth, ssml('a sentence long enough to have several audio chunks in it')));
    expect(failed.code).toBe(code);
    expect(failed.details).toMatch(details);
    completed(await speak(synth, ssml('recovered')));
    const c = s.counters();
    expect(c.upgrades).toBe(2);
    expect(c.faults).toEqual({ [fault]: 1 });
    expect(s.turnLog()[0]).toMatchObject({ outcome, fault });
    if (fault === 'drop-mid-audio' || fault === 'close-1011') expect(s.turnLog()[0]?.audioBytes).toBeGreaterThan(0);
  });

  it('stall: the call never completes; the synthesizer must be discarded', async () => {
    const s = await start();
    const synth = synthFor(s);
    s.injectNext('stall');
    const out = await speak(synth, ssml('never answered'), 500);
    expect(out.kind).toBe('timeout');
    expect(s.counters()).toMatchObject({ concurrentTurns: 1, turnsCompleted: 0 });
    await closeSynth(synths.pop() as sdk.SpeechSynthesizer);
    const c = await s.waitFor((x) => x.openSockets === 0);
    expect(c).toMatchObject({ concurrentTurns: 0, turnsByOutcome: { stalled: 1 }, faults: { stall: 1 } });
  });

  it('close-1000-mid-turn: no callback, the SDK silently opens a new socket', async () => {
    const s = await start();
    const synth = synthFor(s);
    s.injectNext('close-1000-mid-turn');
    const out = await speak(synth, ssml('cut off without an error'), 500);
    expect(out.kind).toBe('timeout');
    const c = await s.waitFor((x) => x.upgrades >= 2);
    expect(c.serverClosesByCode).toEqual({ '1000': 1 });
    expect(s.turnLog()).toHaveLength(1); // the new socket carries no turn: only speech.config
    expect(s.turnLog()[0]?.outcome).toBe('closed-1000');
    await closeSynth(synths.pop() as sdk.SpeechSynthesizer);
    await s.waitFor((x) => x.openSockets === 0);
  });

  it('idle-close: the turn completes, the server closes, the next call reconnects', async () => {
    const s = await start();
    const synth = synthFor(s);
    s.injectNext('idle-close');
    completed(await speak(synth, ssml('completes before the close')));
    await s.waitFor((x) => x.openSockets === 0);
    completed(await speak(synth, ssml('on a new socket')));
    expect(s.counters()).toMatchObject({ upgrades: 2, faults: { 'idle-close': 1 }, serverClosesByCode: { '1000': 1 } });
  });

  it.each([
    ['unauthorized-upgrade', /Unexpected server response: 401/, 401],
    ['refuse-upgrade-429', /Unexpected server response: 429/, 429],
    ['refuse-all', /StatusCode: 1006.*Reason: {2}socket hang up/s, 0],
  ] as const)('%s: the upgrade fails with ConnectionFailure', async (fault, details, status) => {
    const s = await start();
    const synth = synthFor(s);
    s.injectNext(fault);
    const failed = canceled(await speak(synth, ssml('x')));
    expect(failed.code).toBe('ConnectionFailure');
    expect(failed.details).toMatch(details);
    expect(failed.details).toMatch(/^Unable to contact server\. StatusCode: 1006,/);
    expect(s.counters().upgradesRefused).toEqual({ [status]: 1 });
    completed(await speak(synth, ssml('one-shot fault, next call is fine')));
  });

  it('close-on-open: the call fails with "Websocket not ready"; the next call reconnects', async () => {
    const s = await start();
    const synth = synthFor(s);
    s.injectNext('close-on-open');
    const failed = canceled(await speak(synth, ssml('x')));
    expect(failed.code).toBe('ConnectionFailure');
    expect(failed.details).toMatch(/^websocket send error: Websocket not ready/);
    // A call made before the SDK has processed the close fails the same way; wait for it.
    await s.waitFor((c) => c.openSockets === 0);
    completed(await speak(synth, ssml('fine again')));
    expect(s.counters()).toMatchObject({ upgrades: 2, upgradesAccepted: 2, faults: { 'close-on-open': 1 } });
  });

  it('close-1000-mid-turn, then close-1000-on-first-frame at rate 1: the SDK reconnect storm, stopped only by close()', async () => {
    const s = await start();
    const synth = synthFor(s);
    completed(await speak(synth, ssml('first socket is fine')));
    s.setFaultRates({ 'close-1000-on-first-frame': 1 });
    s.injectNext('close-1000-mid-turn');
    expect((await speak(synth, ssml('wedged'), 200)).kind).toBe('timeout');
    // The SDK goes on reconnecting by itself: more than 10 upgrades for one call (about 200 ms' worth on
    // an idle machine; a loaded CI machine saw 7 by then, so the storm gets a few seconds to show).
    await s.waitFor((c) => c.upgrades > 10, 5_000);
    await closeSynth(synths.pop() as sdk.SpeechSynthesizer);
    await s.waitFor((c) => c.openSockets === 0);
    await new Promise((r) => setTimeout(r, 50));
    const settled = s.counters().upgrades;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.counters().upgrades).toBe(settled);
  });

  it('outage: everything is refused until it ends; open sockets are cut', async () => {
    const s = await start({ latency: { connectMs: 0, firstByteMs: 300, perCharMs: 0 } });
    const synth = synthFor(s);
    completed(await speak(synth, ssml('warm')));
    const inFlight = speak(synth, ssml('in flight when the outage starts'));
    await new Promise((r) => setTimeout(r, 50));
    s.setOutage(true);
    const cut = canceled(await inFlight);
    expect(cut.details).toContain('websocket error code: 1006');
    for (let i = 0; i < 3; i++) expect(canceled(await speak(synth, ssml('down'))).details).toMatch(/socket hang up/);
    const voices = await synth.getVoicesAsync().then(
      () => 'resolved',
      () => 'rejected',
    );
    expect(voices).toBe('rejected');
    s.setOutage(false);
    completed(await speak(synth, ssml('back')));
    expect(s.counters()).toMatchObject({ upgradesRefused: { 0: 3 }, turnsByOutcome: { completed: 2, aborted: 1 } });
  });

  it('fault rates are seeded: the same seed gives the same schedule', async () => {
    const run = async () => {
      const s = await startAzureServer({ key: TEST_KEY, seed: 99, faults: { rates: { 'close-1011': 0.3 } } });
      const synth = makeSynth(s);
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const out = expectResult(await speak(synth, ssml(`phrase ${i}`)));
        outcomes.push(out.result.reason === sdk.ResultReason.Canceled ? 'x' : 'o');
      }
      await closeSynth(synth);
      await s.close();
      return outcomes.join('');
    };
    const first = await run();
    expect(first).toContain('x');
    expect(first).toContain('o');
    expect(await run()).toBe(first);
  });
});
