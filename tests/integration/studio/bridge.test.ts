import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BridgeSocket } from '../../support/bridge/bridge-socket';
import { startStudioBridge, type StudioBridge } from '../../support/bridge/studio-bridge';

const SAMPLES = resolve(import.meta.dirname, '../../../resources/courses');

/** A tiny stand-in for the built renderer: the bridge's job is serving it, not what it contains. */
const INDEX = `<!doctype html>
<html><head>
  <meta charset="UTF-8" />
  <script type="module" crossorigin src="./assets/app.js"></script>
</head><body><div id="root"></div></body></html>`;

function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolveGet, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      response.resume();
      resolveGet(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the studio bridge', () => {
  let dir: string;
  let bridge: StudioBridge;
  let cookie: string;
  let client: BridgeSocket;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bridge-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), INDEX);
    await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'window.appLoaded = true;');
    await writeFile(join(dir, 'secret.txt'), 'TOP SECRET');
    const course = JSON.parse(await readFile(join(SAMPLES, 'es-en-starter.json'), 'utf8')) as { phrases: unknown[] };
    await writeFile(join(dir, 'course.json'), JSON.stringify({ ...course, id: 'bridge-course', phrases: course.phrases.slice(0, 4) }));
    bridge = await startStudioBridge({ settingsDir: join(dir, 'settings'), outputDir: join(dir, 'out'), coursePath: join(dir, 'course.json'), rendererDir: join(dir, 'renderer') });
  });

  afterAll(async () => {
    client?.close();
    const report = await bridge?.close();
    expect(report?.timedOut).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback and prints a URL with a long random token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(bridge.url.startsWith(`${bridge.origin}/?token=${bridge.token}`)).toBe(true);
  });

  it('refuses HTTP requests without the token, or with a wrong one, with 403', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/bridge-client.js', '/audio/0123456789abcdef0123456789abcdef', '/ws']) {
      expect((await fetch(`${bridge.origin}${path}`)).status).toBe(403);
      expect((await fetch(`${bridge.origin}${path}?token=${'x'.repeat(32)}`)).status).toBe(403);
    }
  });

  it('serves the page with the client injected before the app, and a cookie for the rest', async () => {
    const response = await fetch(bridge.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    const client = html.indexOf(`<script src="/bridge-client.js?token=${bridge.token}"></script>`);
    expect(client).toBeGreaterThan(0);
    expect(client).toBeLessThan(html.indexOf('<script type="module"'));
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' ws://127.0.0.1:*");
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    const asset = await fetch(`${bridge.origin}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('window.appLoaded = true;');
    const script = await fetch(`${bridge.origin}/bridge-client.js?token=${bridge.token}`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toMatch(/Object\.defineProperty\(window, 'api'/);
  });

  it('does not serve the page without the client when asked not to inject it', async () => {
    const plain = await startStudioBridge({ settingsDir: join(dir, 'settings-plain'), rendererDir: join(dir, 'renderer'), injectClient: false });
    try {
      expect(await (await fetch(plain.url)).text()).not.toContain('bridge-client.js');
    } finally {
      await plain.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding) and traversal out of the renderer folder', async () => {
    const port = Number(new URL(bridge.origin).port);
    expect(await rawGet(port, `/?token=${bridge.token}`, { host: `attacker.example:${port}` })).toBe(403);
    expect(await rawGet(port, `/?token=${bridge.token}`, { host: `localhost:${port}` })).toBe(200);
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const response = await fetch(`${bridge.origin}${path}`, { headers: { cookie } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('SECRET');
    }
  });

  it('refuses WebSockets without the token or from another origin', async () => {
    const ws = `ws://127.0.0.1:${new URL(bridge.origin).port}/ws`;
    await expect(BridgeSocket.connect(ws, bridge.origin)).rejects.toThrow(/403/);
    await expect(BridgeSocket.connect(`${ws}?token=${bridge.token}`, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(BridgeSocket.connect(`${ws}?token=${bridge.token}`, undefined)).rejects.toThrow(/403/);
  });

  it('runs the same dispatcher over the WebSocket: round trip, errors as envelopes', async () => {
    client = await BridgeSocket.connect(`ws://127.0.0.1:${new URL(bridge.origin).port}/ws?token=${bridge.token}`, bridge.origin);
    const info = await client.invoke('app:info');
    expect(info).toMatchObject({
      ok: true,
      value: { transport: 'bridge', sampleCourses: expect.arrayContaining([{ name: 'es-en-starter', title: 'Spanish for English speakers: Starter' }]) },
    });
    const snapshot = await client.invoke('studio:snapshot');
    expect(snapshot).toMatchObject({ ok: true, value: { course: { id: 'bridge-course' }, run: { state: 'idle' } } });
    expect(Object.keys((snapshot.value as { cells: object }).cells)).toHaveLength(12);
    expect(await client.invoke('nope')).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await client.invoke('course:openPath', { path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await client.invoke('course:openDialog')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await client.invoke('course:import', { name: 'bad.json', text: '{"schema": "course/1",' })).toMatchObject({
      ok: false,
      error: { code: 'course-invalid', message: expect.stringMatching(/^bad\.json:1:/) },
    });
  });

  it('pushes coalesced events while a run goes, and serves the audio with Range over HTTP', async () => {
    const started = await client.invoke('run:start');
    expect(started.ok).toBe(true);
    const deadline = Date.now() + 20_000;
    while (!client.events.some((e) => e.event === 'run:changed' && (e.payload as { state: string }).state === 'finished')) {
      if (Date.now() > deadline) throw new Error('the run did not finish');
      await new Promise((r) => setTimeout(r, 25));
    }
    const kinds = new Set(client.events.map((e) => e.event));
    expect([...kinds]).toEqual(expect.arrayContaining(['run:changed', 'cells:changed', 'pool:changed']));
    // Done cells carry the duration of their audio, in the events and in the snapshot.
    const doneInEvents = client.events
      .filter((e) => e.event === 'cells:changed')
      .flatMap((e) => Object.values((e.payload as { cells: Record<string, { status: string; durationMs?: number }> }).cells))
      .filter((cell) => cell.status === 'done');
    expect(doneInEvents.length).toBe(12);
    expect(doneInEvents.every((cell) => (cell.durationMs ?? 0) > 200)).toBe(true);

    const preview = await client.invoke('preview:get', { phraseId: 'p002', variantId: 'target' });
    expect(preview.ok).toBe(true);
    const { url, peaks } = preview.value as { url: string; peaks: number[] };
    expect(url).toMatch(new RegExp(`^${bridge.origin}/audio/[0-9a-f]{32}$`));
    expect(peaks.length).toBe(200);
    const head = await fetch(url, { headers: { cookie, range: 'bytes=0-43' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-type')).toBe('audio/wav');
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    const total = Number(head.headers.get('content-range')!.split('/')[1]);
    expect(head.headers.get('content-range')).toBe(`bytes 0-43/${total}`);
    const bytes = Buffer.from(await head.arrayBuffer());
    expect(bytes.length).toBe(44);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const tail = await fetch(url, { headers: { cookie, range: 'bytes=-10' } });
    expect(tail.headers.get('content-range')).toBe(`bytes ${total - 10}-${total - 1}/${total}`);
    expect((await fetch(url, { headers: { cookie, range: `bytes=${total}-` } })).status).toBe(416);
    expect((await fetch(url)).status).toBe(403); // the audio route needs the token too
  });
});
