/**
 * The batch REST client against the local batch server (and two bare HTTP servers): the documented
 * contract, key handling and giving up.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRestClient } from '../../../electron/main/core/engines/azure-batch';
import { ServiceUnreachableError } from '../../../electron/main/core/engines/service-unreachable-error';
import { isSynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import type { BatchServer } from '../../support/azure-batch-server';
import { startServer, TEST_KEY } from './batch-harness';

let server: BatchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SSML = '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="es-ES"><voice name="es-ES-ElviraNeural">Hola</voice></speak>';
const body = { inputKind: 'SSML' as const, inputs: [{ content: SSML }], properties: { outputFormat: 'riff-24khz-16bit-mono-pcm', concatenateResult: false as const } };

describe('BatchRestClient', () => {
  it('creates, gets, lists across pages and deletes', async () => {
    server = await startServer({ rateLimit: { requests: 1_000, windowMs: 10_000 }, queueMs: 120_000 }); // still NotStarted when listed
    const client = new BatchRestClient({ endpoint: server.url, key: TEST_KEY });
    for (let i = 0; i < 130; i++) await client.create(`job-${i}`, body);
    expect((await client.get('job-5'))?.status).toMatch(/NotStarted|Running/);
    const listed = await client.list();
    expect(listed).toHaveLength(130); // 100 + 30: the client followed @nextLink
    expect(server.counters().lists).toBe(2);
    await client.delete('job-5');
    expect(await client.get('job-5')).toBeUndefined();
    await client.delete('job-5'); // already gone: fine
  });

  it('a refused key is an auth error that names the endpoint and never the key', async () => {
    server = await startServer();
    const client = new BatchRestClient({ endpoint: server.url, key: 'wrong-key-123456' });
    const error = await client.get('anything').catch((caught: unknown) => caught);
    expect(isSynthesisError(error) && error.kind).toBe('auth');
    expect((error as Error).message).toContain(server.url);
    expect((error as Error).message).not.toContain('wrong-key-123456');
  });

  it("a refused request body is a bad-request error in the service's words", async () => {
    server = await startServer({ maxInputs: 1 });
    const client = new BatchRestClient({ endpoint: server.url, key: TEST_KEY });
    const error = await client.create('two-inputs', { ...body, inputs: [{ content: SSML }, { content: SSML }] }).catch((caught: unknown) => caught);
    expect(isSynthesisError(error) && error.kind).toBe('bad-request');
    expect((error as Error).message).toMatch(/HTTP 400.*at most 1 inputs/);
  });

  it('sends the key to the API, never to a results URL on another host', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const blob = createServer((req, res) => {
      seen.push(req.headers);
      res.end('zip bytes');
    });
    await new Promise<void>((resolve) => blob.listen(0, '127.0.0.1', resolve));
    try {
      server = await startServer();
      const client = new BatchRestClient({ endpoint: server.url, key: TEST_KEY });
      const bytes = await client.download(`http://127.0.0.1:${(blob.address() as AddressInfo).port}/results.zip?sig=abc`);
      expect(new TextDecoder().decode(bytes)).toBe('zip bytes');
      expect(seen[0]!['ocp-apim-subscription-key']).toBeUndefined();
    } finally {
      blob.close();
    }
  });

  it('retries 5xx answers, then gives up as unreachable, naming the host', async () => {
    let calls = 0;
    const broken = createServer((_req, res) => {
      calls++;
      res.writeHead(503).end('{"error":{"code":"ServiceUnavailable","message":"try later"}}');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      const client = new BatchRestClient({ endpoint: url, key: TEST_KEY, giveUpAfterMs: 1_500 });
      const error = await client.get('x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceUnreachableError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Cannot reach Azure batch synthesis at ${new URL(url).host} since \\d\\d:\\d\\d \\(\\d+ s of failed requests; last: GET .*HTTP 503 ServiceUnavailable: try later\\)`,
        ),
      );
      expect((error as Error).message).not.toContain('\n');
      expect(calls).toBeGreaterThan(1);
    } finally {
      broken.close();
    }
  });

  it('a host that accepts and never answers is given up within the give-up time, not the 60 s call timeout', async () => {
    const silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const client = new BatchRestClient({ endpoint: url, key: TEST_KEY, giveUpAfterMs: 1_500 });
      const started = Date.now();
      const error = await client.get('x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceUnreachableError);
      expect((error as Error).message).toMatch(/no answer in time/);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
