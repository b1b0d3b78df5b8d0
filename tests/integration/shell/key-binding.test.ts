import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createDispatcher, type Dispatch } from '../../../electron/main/core/ipc/dispatcher';
import { createHandlers } from '../../../electron/main/core/ipc/handlers';
import { EndpointBoundSecretBox, refuseKeyTransfer } from '../../../electron/main/core/settings/endpoint-bound-secret-box';
import { startAzureServer, type AzureServer } from '../../support/azure-server';
import { startTestStudio, type TestStudio } from '../../support/studio-fixture';

/**
 * The attack of issue 7, through the real IPC dispatcher, the real engine and the real Speech SDK:
 * the key is saved for one local Azure server; the page then points the host at a second server and
 * asks for the voice list (HTTP, key header) and an audition (WebSocket, key header or query). Every
 * byte the second server receives is recorded (a TCP relay in front of it): the key must not be in
 * them. Control: once the producer re-enters the key, the same relay does see it.
 */
const KEY = 'b1ndt0endp01nt0123456789abcdef01';
const page = { frameUrl: 'app://studio/index.html', isMainFrame: true };

/** A TCP relay in front of `target` that keeps every byte clients send. */
async function recordingRelay(target: AzureServer): Promise<{ url: string; received: () => string; connections: () => number; close: () => Promise<void> }> {
  let bytes = '';
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(target.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => (bytes += chunk.toString('latin1')));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => bytes,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let first: AzureServer;
let second: AzureServer;
let relay: Awaited<ReturnType<typeof recordingRelay>>;
let dispatch: Dispatch;
let studio: TestStudio;

beforeAll(async () => {
  first = await startAzureServer({ key: KEY, latency: { connectMs: 0, firstByteMs: 5, perCharMs: 0 } });
  second = await startAzureServer({ latency: { connectMs: 0, firstByteMs: 5, perCharMs: 0 } }); // any non-empty key passes
  relay = await recordingRelay(second);
  studio = await startTestStudio({
    transport: 'electron',
    secrets: (files, settings) => new EndpointBoundSecretBox(files, () => settings.get().azure, refuseKeyTransfer),
  });
  dispatch = createDispatcher({ handlers: createHandlers(studio.service), isTrustedSender: () => true });
});
afterAll(async () => {
  await studio.close();
  await relay.close();
  await second.close();
  await first.close();
});

describe('the Azure key is bound to the endpoint it was saved for', () => {
  it('a page that points the host elsewhere gets voices:list and audition sent there without the key', async () => {
    expect(await dispatch('settings:update', { engine: 'azure', azure: { host: first.url } }, page)).toMatchObject({ ok: true });
    expect(await dispatch('settings:setKey', { key: KEY }, page)).toMatchObject({ ok: true, value: { azure: { keySet: true } } });
    const listed = await dispatch('voices:list', {}, page);
    expect(listed.ok, JSON.stringify(listed)).toBe(true); // the first server requires exactly this key

    // The attack: another host (loopback is allowed, so it passes the https rule), then the key's uses.
    const moved = await dispatch('settings:update', { azure: { host: relay.url } }, page);
    expect(moved).toMatchObject({ ok: true, value: { azure: { host: relay.url, keySet: false } } });
    await dispatch('voices:list', {}, page);
    await dispatch('audition:render', { text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1 }, page);
    expect(relay.connections()).toBeGreaterThanOrEqual(2); // both calls did go to the second server
    expect(relay.received()).toMatch(/GET \/cognitiveservices\/voices\/list/);
    expect(relay.received()).toMatch(/Upgrade: websocket/i);
    expect(relay.received()).not.toContain(KEY);
    expect(relay.received()).not.toContain(encodeURIComponent(KEY));

    // Control: the producer re-enters the key for this host; now the same relay sees it.
    expect(await dispatch('settings:setKey', { key: KEY }, page)).toMatchObject({ ok: true, value: { azure: { keySet: true } } });
    expect(await dispatch('voices:list', {}, page)).toMatchObject({ ok: true });
    expect(relay.received()).toContain(KEY);
  });

  it('refuses a custom host that is neither https nor on this computer, with a clear message', async () => {
    const refused = await dispatch('settings:update', { azure: { host: 'http://any-host' } }, page);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/azure\.host: The custom host http:\/\/any-host is not encrypted: use https:\/\//) },
    });
    expect(await dispatch('settings:update', { azure: { host: 'https://speech.example.com' } }, page)).toMatchObject({ ok: true, value: { azure: { keySet: false } } });
  });
});
