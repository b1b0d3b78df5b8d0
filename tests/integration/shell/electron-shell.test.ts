import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INVOKE_CHANNELS } from '../../../shared/ipc/channels';
import { JOURNAL_DIR, JOURNAL_FILE } from '../../../electron/main/core/run/journal';
import { startAzureServer, type AzureServer } from '../../support/azure-server';
import { launchFakeElectron, type FakeElectronApp } from '../../support/fake-electron/launch';
import { prerequisite } from '../../support/prerequisites';
import { useTempFolder } from '../../support/temp-folder';

/**
 * The Electron shell, run: the built main bundle (out/main/index.js, built by the test setup) under
 * Node 24 (Electron's main-process Node), with tests/support/fake-electron in place of `electron`.
 * What the real window would do (load app://, invoke channels) goes through the fake's control channel.
 */
const node24 = prerequisite('node24');
const KEY = 'shellrun0123456789abcdef01234567';
/** index.ts: how long a quit may take before the app exits anyway. */
const SHUTDOWN_DEADLINE_MS = 8_000;

interface WindowInfo {
  options: { webPreferences: Record<string, unknown> };
  url: string;
  denysPopups: string;
}

const work = useTempFolder('cas-shell-');
let app: FakeElectronApp | undefined;
afterEach(() => app?.kill());

describe.skipIf(node24.missing)(node24.title('the Electron shell, run (built main bundle, Node 24, fake electron)'), () => {
  it('starts, registers exactly the contract channels, opens a secure window, serves app:// with the CSP, denies permissions', async () => {
    app = await launchFakeElectron(join(work.dir, 'start', 'userData'));
    expect((await app.op<string[]>('channels')).sort()).toEqual([...INVOKE_CHANNELS].sort());

    const [window, ...others] = await app.op<WindowInfo[]>('windows');
    expect(others).toHaveLength(0);
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(existsSync(String(window!.options.webPreferences.preload))).toBe(true);
    expect(window!.url).toBe('app://studio/index.html');
    expect(JSON.parse(window!.denysPopups)).toEqual({ action: 'deny' });
    expect(await app.op('privileged')).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);

    const page = await app.op<{ status: number; headers: Record<string, string>; body: string }>('fetch', { url: 'app://studio/index.html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect((await app.op<{ status: number }>('fetch', { url: 'app://studio/..%2f..%2fpackage.json' })).status).toBe(404);
    const hooked = await app.op<{ responseHeaders: Record<string, string[]> }>('headers');
    expect(hooked.responseHeaders['Content-Security-Policy']).toEqual([csp]);

    expect(await app.op('permissions')).toEqual({ check: false, request: false });
    expect(await app.invoke('app:info')).toMatchObject({ ok: true, value: { transport: 'electron' } });
    // A frame that is not the studio's own page is refused by the dispatcher.
    expect(await app.invoke('app:info', undefined, 'https://evil.example/')).toMatchObject({ ok: false });
  });

  it('asks in a main-process dialog before the key goes to another host, and keeps it back on "keep"', async () => {
    app = await launchFakeElectron(join(work.dir, 'dialog', 'userData'));
    expect(await app.invoke('settings:update', { engine: 'azure', azure: { host: 'http://127.0.0.1:9' } })).toMatchObject({ ok: true });
    expect(await app.invoke('settings:setKey', { key: KEY })).toMatchObject({ ok: true, value: { azure: { keySet: true } } });
    expect(await app.invoke('settings:update', { azure: { host: 'http://127.0.0.2:9' } })).toMatchObject({ ok: true, value: { azure: { keySet: false } } });
    await app.invoke('voices:list', {}); // nothing listens there; what matters is the question before
    const log = await app.op<Array<{ what: string; detail: [string, { detail?: string; buttons?: string[] }] }>>('log');
    const questions = log.filter((entry) => entry.what === 'dialog' && entry.detail[0] === 'showMessageBox').map((entry) => entry.detail[1]!);
    expect(questions).toHaveLength(1);
    expect(questions[0]!.detail).toContain('The key was saved for http://127.0.0.1:9');
    expect(questions[0]!.detail).toContain('The settings now point at http://127.0.0.2:9');
    expect(questions[0]!.buttons![0]).toMatch(/^Keep/);
    // The fake answered "keep": the key stays bound to the first host.
    expect(await app.invoke('settings:get')).toMatchObject({ ok: true, value: { azure: { keySet: false } } });
  });

  describe('quitting during an Azure run against the local Azure server', () => {
    let server: AzureServer;
    beforeAll(async () => {
      server = await startAzureServer({ key: KEY, latency: { connectMs: 20, firstByteMs: 250, perCharMs: 2 } });
    });
    afterAll(async () => {
      await server.close();
    });

    async function startRun(name: string): Promise<{ app: FakeElectronApp; outputDir: string }> {
      const outputDir = join(work.dir, name, 'out');
      const started = await launchFakeElectron(join(work.dir, name, 'userData'));
      app = started;
      expect(await started.invoke('settings:update', { engine: 'azure', azure: { host: server.url }, outputDir, maxConnections: 4 })).toMatchObject({ ok: true });
      expect(await started.invoke('settings:setKey', { key: KEY })).toMatchObject({ ok: true, value: { azure: { keySet: true } } });
      expect(await started.invoke('course:openSample', { name: 'es-en-starter' })).toMatchObject({ ok: true });
      server.resetCounters();
      expect(await started.invoke('run:start')).toMatchObject({ ok: true });
      await server.waitFor((counters) => counters.turnsCompleted >= 8 && counters.openSockets > 0, 60_000);
      return { app: started, outputDir };
    }

    it('closes every pool within the deadline (0 sockets at the server) and writes the journal, then exits 0', async () => {
      const { app: running, outputDir } = await startRun('quit');
      const quitAt = performance.now();
      await running.op('quit');
      const code = await running.exitRequested;
      const tookMs = performance.now() - quitAt;
      // Checked when the app says it exits, before the process is gone: the pools closed their sockets.
      const atExit = await server.waitFor((counters) => counters.openSockets === 0, 1_000).catch(() => server.counters());
      expect(atExit.openSockets).toBe(0);
      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(SHUTDOWN_DEADLINE_MS);
      expect(await running.exited).toEqual({ code: 0, signal: null });
      // Every socket closed with a close frame (1006 would be a socket dropped by the process ending).
      expect(server.counters().closesByCode['1006'] ?? 0).toBe(0);
      expect(running.output()).not.toMatch(/deadline of \d+ ms passed/);
      expect(running.output()).toMatch(/shutdown complete: stop dispatch, settle in-flight renders, persist journal and manifest, close pools \(\d+ ms\)/);

      const journal = (await readFile(join(outputDir, 'es-en-starter', JOURNAL_DIR, JOURNAL_FILE), 'utf8')).split('\n').filter(Boolean);
      expect(journal.length).toBeGreaterThanOrEqual(8);
      expect(journal.length).toBeLessThan(450);
      const manifest = JSON.parse(await readFile(join(outputDir, 'es-en-starter', 'manifest.json'), 'utf8')) as { items: unknown[] };
      expect(manifest.items).toHaveLength(journal.length);
    });

    it('SIGINT quits the same way; a second quit while the shutdown runs exits at once with 1', async () => {
      server.setLatency({ connectMs: 20, firstByteMs: 2_500, perCharMs: 2 }); // renders in flight outlast the second quit
      const { app: running } = await startRun('second-quit');
      running.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 300));
      const secondAt = performance.now();
      void running.op('quit').catch(() => undefined); // never answered: the app exits first
      expect(await running.exitRequested).toBe(1);
      expect(performance.now() - secondAt).toBeLessThan(2_000);
      expect(await running.exited).toEqual({ code: 1, signal: null });
      expect(running.output()).toContain('second quit request: exiting without waiting for the shutdown');
    });
  });
});
