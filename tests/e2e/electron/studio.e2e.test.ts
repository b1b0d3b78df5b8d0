import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';

/**
 * The packaged studio in a real Electron: runs only where ELECTRON_EXEC_PATH names an Electron binary
 * (this project's CI has none; the browser end-to-end tests cover the UI through the bridge). Build
 * first: `npm run build`.
 */
const executablePath = process.env.ELECTRON_EXEC_PATH;
const ROOT = resolve(import.meta.dirname, '../../..');

// Said once, plainly, in the run's output; the tests below are reported as skipped, never as passed.
if (!executablePath) console.warn('skipped: no Electron binary (set ELECTRON_EXEC_PATH to an Electron executable to run tests/e2e/electron)');

describe.skipIf(!executablePath)(`Electron end-to-end: the studio window${executablePath ? '' : ' (skipped: no Electron binary)'}`, () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) throw new Error('Build the app first: npm run build');
    userData = await mkdtemp(join(tmpdir(), 'studio-e2e-'));
    app = await electron.launch({ executablePath: executablePath!, args: [join(ROOT, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`], cwd: ROOT });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('is locked down: no Node in the page, only window.api with invoke and on', async () => {
    expect(page.url()).toMatch(/^app:\/\/studio\/|^http:\/\/localhost/);
    // Expressions as strings: they run in the page, where this file's Node types do not apply.
    const shape = await page.evaluate(`({ require: typeof window.require, process: typeof window.process, api: Object.keys(window.api).sort() })`);
    expect(shape).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on'] });
  });

  it('answers invokes through the preload, with errors carrying a code', async () => {
    const info = (await page.evaluate(`window.api.invoke('app:info')`)) as { transport: string };
    expect(info.transport).toBe('electron');
    const code = await page.evaluate(`window.api.invoke('nope').then(() => 'resolved', (error) => error.code)`);
    expect(code).toBe('unknown-channel');
  });

  it('opens the sample course and plays a rendered cell through app://audio', async () => {
    const api = 'window.api';
    await page.evaluate(`${api}.invoke('course:openSample', { name: 'es-en-starter.json' })`);
    const cell = (await page.evaluate(`${api}.invoke('run:renderCell', { phraseId: 'p001', variantId: 'target' })`)) as { status: string };
    expect(cell.status).toBe('done');
    const preview = (await page.evaluate(`${api}.invoke('preview:get', { phraseId: 'p001', variantId: 'target' })`)) as { url: string };
    expect(preview.url).toMatch(/^app:\/\/audio\/[0-9a-f]{32}$/);
    // Loaded the way the player does: a media element (which asks with Range and needs no CORS).
    const seconds = (await page.evaluate(
      `new Promise((resolve, reject) => { const audio = new Audio(${JSON.stringify(preview.url)}); audio.onloadedmetadata = () => resolve(audio.duration); audio.onerror = () => reject(new Error('media error ' + (audio.error && audio.error.code))); })`,
    )) as number;
    expect(seconds).toBeGreaterThan(0.2);
  });
});
