/**
 * The studio's built renderer in Debian's Chromium, driven through the loopback bridge, which runs
 * the real main-process services (StudioService, the real offline eSpeak engine, real files, real
 * audio URLs). Each test opens its OWN studio (a fresh bridge, settings, output folder, course and
 * browser context, see support/studio-fixture.ts), so the tests run in any order or alone: open the
 * sample course, audition voices, generate (pause, resume, gauges), play a preview, re-render a cell,
 * draw an MP3's waveform, drop a course file, lose and regain the connection, retry a failed render
 * (the Azure parts: studio-azure.e2e.test.ts).
 *
 * STUDIO_SCREENSHOTS=1 also writes docs/screenshots/studio-{empty,audition,run,pool}.png.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { numberAttr, numberText, pollUntil, probeAudio, waitForLoadedAudio } from './support/page-probes';
import { REPO } from './support/renderer-build';
import { smallCourse } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const SCREENSHOTS = process.env.STUDIO_SCREENSHOTS === '1' ? join(REPO, 'docs', 'screenshots') : null;

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('the studio in Chromium through the bridge'), () => {
  let page: Page;
  const { open } = useStudioSession((studio) => (page = studio.page));
  const shot = async (name: string): Promise<void> => {
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  };
  const progress = () => page.getByTestId('progress-bar');
  const runState = () => page.getByTestId('run-state');

  beforeAll(() => {
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('teaches from the empty state and opens the sample course', async () => {
    await open();
    await page.getByTestId('empty-state').waitFor();
    await expect(page.getByTestId('open-course').isEnabled()).resolves.toBe(true);
    await shot('studio-empty');

    // Samples are listed by file name without extension, with the title the course itself gives.
    await expect(page.getByTestId('sample-es-en-starter').innerText()).resolves.toContain('Spanish for English speakers: Starter');
    await expect(page.getByTestId('sample-es-en-greetings').innerText()).resolves.toContain('Greetings (CSV sample)');
    await page.getByTestId('sample-es-en-starter').click();
    await page.getByTestId('course-table').waitFor();
    await expect(page.getByTestId('course-title').innerText()).resolves.toContain('Spanish');
    // Virtualized: 150 phrases, but only the rows on screen (plus overscan) are in the DOM.
    const rows = await page.locator('.tbody [role="row"]').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(60);
    await expect(page.getByTestId('cell-p001-target').getAttribute('data-status')).resolves.toBe('pending');
    await pollUntil(
      () =>
        page
          .getByTestId('estimate')
          .innerText()
          .catch(() => ''),
      (text) => /450\s+to render/.test(text),
      'the estimate',
    );
    // Before the first render the rate is assumed: the time is a range, not a promise.
    await expect(page.getByTestId('estimate-time').innerText()).resolves.toMatch(/^about \S+.*–.*left$/);
  });

  it('auditions two voices at two rates and plays real audio', async () => {
    await open({ course: { sample: 'es-en-starter' } });
    await page.getByTestId('cell-p003-target').click();
    await page.getByTestId('tab-audition').click();
    await expect(page.getByTestId('audition-text').inputValue()).resolves.toBe('Buenas tardes.');
    await page.getByTestId('voice-list').waitFor();
    // The grid starts with the course's own voice and one more; rates 0.7x and 1.0x are on by default.
    const cells = page.locator('[data-testid^="audition-cell-"]');
    await pollUntil(
      () => cells.count(),
      (n) => n === 4,
      'a 2 x 2 audition grid',
    );
    const ids = await cells.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    expect(ids).toContain('audition-cell-es-ES-ElviraNeural-0.7');
    expect(ids).toContain('audition-cell-es-ES-ElviraNeural-1.0');

    let previousSrc = '';
    const durations: number[] = [];
    for (const id of ids) {
      await page.getByTestId(id).click();
      const audio = await waitForLoadedAudio(page, 'player-audio', previousSrc);
      previousSrc = audio.src;
      durations.push(audio.duration);
      await pollUntil(
        () => page.getByTestId(id).getAttribute('data-state'),
        (state) => state === 'ready' || state === 'playing',
        `${id} ready`,
      );
    }
    expect(durations.every((d) => d > 0.2 && d < 10)).toBe(true);
    // The same phrase at 0.7x lasts longer than at 1.0x.
    const byId = Object.fromEntries(ids.map((id, i) => [id, durations[i]!]));
    expect(byId['audition-cell-es-ES-ElviraNeural-0.7']!).toBeGreaterThan(byId['audition-cell-es-ES-ElviraNeural-1.0']!);
    await expect(page.getByTestId('player-file').innerText()).resolves.toContain('Buenas tardes');
    await shot('studio-audition');
  });

  it('generates with the offline engine: gauges move, pause holds, resume reaches 100%', async () => {
    await open({ course: { sample: 'es-en-starter' } });
    await page.getByTestId('tab-run').click();
    await page.getByTestId('generate').click();
    await page.getByTestId('pause').waitFor();
    await pollUntil(
      () => numberAttr(progress(), 'data-done'),
      (done) => done >= 40,
      'the first renders',
    );
    await shot('studio-run');

    // Pool gauges are live while running.
    await page.getByTestId('tab-pool').click();
    const inUse = await pollUntil(
      () => numberText(page.getByTestId('gauge-in-use')),
      (n) => n > 0,
      'connections in use',
    );
    expect(inUse).toBeGreaterThan(0);
    expect(await numberText(page.getByTestId('gauge-opened'))).toBeGreaterThan(0);
    expect(await numberText(page.getByTestId('gauge-max'))).toBeGreaterThanOrEqual(inUse);
    await shot('studio-pool');

    // Pause: the renders in flight finish, then nothing new starts.
    await page.getByTestId('pause').click();
    await page.getByTestId('resume').waitFor();
    await page.getByTestId('tab-run').click();
    await pollUntil(
      () => runState().getAttribute('data-state'),
      (s) => s === 'paused',
      'the paused state',
    );
    await pollUntil(
      () => numberText(page.getByTestId('count-running')),
      (n) => n === 0,
      'in-flight renders to finish',
    );
    const doneAtPause = await numberAttr(progress(), 'data-done');
    const total = await numberAttr(progress(), 'data-total');
    expect(doneAtPause).toBeLessThan(total);
    await page.waitForTimeout(1200);
    expect(await numberAttr(progress(), 'data-done')).toBe(doneAtPause);
    expect(await page.locator('.tbody [data-status="running"]').count()).toBe(0);

    await page.getByTestId('resume').click();
    await pollUntil(
      () => runState().getAttribute('data-state'),
      (s) => s === 'finished',
      'the run to finish',
      45_000,
      100,
    );
    await expect(page.getByTestId('progress-percent').innerText()).resolves.toBe('100%');
    expect((await numberAttr(progress(), 'data-done')) + (await numberAttr(progress(), 'data-cached'))).toBe(total);
    expect(await numberAttr(progress(), 'data-failed')).toBe(0);
    // Every cell on screen is done, at the top and (after End) at the bottom of the virtualized table.
    const statuses = (): Promise<string[]> => page.locator('.tbody [data-status]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status') ?? ''));
    expect(new Set(await statuses())).toEqual(new Set(['done']));
    // A done cell says how long its audio is (the icon still says "done"), in tabular figures.
    const labels = await page
      .locator('.tbody [data-status="done"]')
      .evaluateAll((els) => els.map((el) => ({ ms: Number(el.getAttribute('data-duration-ms')), text: (el.textContent ?? '').trim() })));
    expect(labels.length).toBeGreaterThan(10);
    for (const { ms, text } of labels) {
      expect(ms).toBeGreaterThan(200);
      expect(text).toMatch(/^\d+[.,]\d s$/);
    }
    await page.getByTestId('course-table').focus();
    await page.keyboard.press('End');
    await page.getByTestId('cell-p150-known').waitFor();
    expect(new Set(await statuses())).toEqual(new Set(['done']));
    await pollUntil(
      () =>
        page
          .getByTestId('estimate')
          .innerText()
          .catch(() => ''),
      (text) => text.includes('Everything is rendered'),
      'the estimate to say all is done',
    );
  });

  it('plays a preview of a rendered cell in the player, its length the same as in the cell', async () => {
    await open({ course: { json: smallCourse('preview') }, rendered: true });
    const cell = page.getByTestId('cell-s003-target');
    await expect(cell.getAttribute('data-status')).resolves.toBe('done');
    await cell.click();
    const audio = await waitForLoadedAudio(page, 'player-audio');
    expect(audio.duration).toBeGreaterThan(0.2);
    await expect(page.getByTestId('player-file').innerText()).resolves.toContain('s003');
    await pollUntil(
      () => numberAttr(page.getByTestId('player-duration'), 'data-ms'),
      (ms) => ms > 200,
      'the duration shown',
    );
    // One rounding: the cell's "1.6 s" is the player's "0:01.6".
    const cellSeconds = (await cell.innerText()).trim().replace(',', '.').replace(/ s$/, '');
    const clock = await page.getByTestId('player-duration').innerText();
    expect(clock).toBe(`0:${cellSeconds.padStart(4, '0')}`);
    await expect(page.getByTestId('show-in-folder').isEnabled()).resolves.toBe(true);
    // Space pauses what plays.
    await pollUntil(
      () => page.getByTestId('player').getAttribute('data-status'),
      (s) => s === 'playing' || s === 'ended',
      'playback',
    );
    await page.keyboard.press('Space');
    await pollUntil(
      () => page.getByTestId('player').getAttribute('data-status'),
      (s) => s === 'paused' || s === 'ended',
      'the pause',
    );
  });

  it('re-renders the selected cell with Enter: it goes through rendering and comes back with new audio', async () => {
    const { bridge } = await open({ course: { json: smallCourse('enter') }, rendered: true });
    const file = join(bridge.service.runView().outputDir!, (await bridge.service.preview('s002', 'target')).file);
    const before = statSync(file).mtimeMs;
    const cell = page.getByTestId('cell-s002-target');
    await expect(cell.getAttribute('data-status')).resolves.toBe('done');
    // Record every status the cell shows from now on: the final "done" alone proves nothing.
    await cell.evaluate((el) => {
      const seen: string[] = [];
      (globalThis as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      // The root tsconfig has no DOM lib: name the one constructor used here.
      const Observer = (globalThis as unknown as { MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void } }).MutationObserver;
      new Observer(() => seen.push(el.getAttribute('data-status') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-status'] });
    });
    await page.getByTestId('cell-s003-target').click();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const seen = await pollUntil(
      () => page.evaluate(() => (globalThis as unknown as { seenStatuses: string[] }).seenStatuses),
      (statuses) => statuses.length >= 2 && statuses.at(-1) === 'done',
      'the re-render to pass through rendering and end done',
      15_000,
    );
    expect(seen.slice(0, -1).some((status) => status === 'queued' || status === 'running')).toBe(true);
    // Main rendered it again: the file on disk is new.
    expect(statSync(file).mtimeMs).toBeGreaterThan(before);
  });

  it('draws the waveform of an MP3 render, decoded by the page', async () => {
    await open({ course: { json: smallCourse('mp3') }, rendered: true });
    const format = page.getByTestId('settings-format');
    const setFormat = async (label: 'MP3' | 'WAV'): Promise<void> => {
      await page.getByTestId('tab-settings').click();
      await format.getByRole('radio', { name: label }).click();
      await page.getByTestId('settings-save').click();
      await pollUntil(
        () => format.getByRole('radio', { name: label }).getAttribute('aria-checked'),
        (checked) => checked === 'true',
        `${label} saved`,
      );
      await pollUntil(
        () => page.getByTestId('settings-save').isDisabled(),
        (disabled) => disabled,
        `${label} saved`,
      );
    };
    await setFormat('MP3');
    // Another format is other audio: the cell is out of date until rendered again.
    await pollUntil(
      () => page.getByTestId('cell-s001-target').getAttribute('data-status'),
      (s) => s === 'stale',
      'the MP3 plan',
    );
    await page.getByTestId('cell-s001-target').click();
    await page.keyboard.press('Enter');
    await pollUntil(
      () => page.getByTestId('cell-s001-target').getAttribute('data-status'),
      (s) => s === 'done',
      'the MP3 render',
      15_000,
    );
    const before = (await probeAudio(page.getByTestId('player-audio'))).src;
    await page.getByTestId('cell-s001-target').click();
    await waitForLoadedAudio(page, 'player-audio', before);
    await expect(page.getByTestId('player-file').innerText()).resolves.toContain('.mp3');
    // Main sends no peaks for MP3: the page fetches the same URL and decodes it with Web Audio.
    await pollUntil(
      () => page.locator('[data-testid="player-waveform"] .wave-base').getAttribute('class'),
      (cls) => cls === 'wave-base',
      'a drawn (not flat) waveform',
      10_000,
    );
  });

  it('opens a course file dropped on the window', async () => {
    await open({ course: { sample: 'es-en-starter' } });
    const csv = readFileSync(join(REPO, 'resources', 'courses', 'es-en-greetings.csv'), 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: string[], name: string, options: object) => unknown };
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([text], 'greetings.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await pollUntil(
      () => page.getByTestId('course-title').innerText(),
      (text) => text.includes('Greetings'),
      'the dropped course',
    );
    await expect(page.getByTestId('cell-p001-known').getAttribute('data-status')).resolves.toMatch(/pending|cached/);
  });

  it('re-reads the whole state when the connection comes back', async () => {
    const { bridge } = await open({ course: { sample: 'es-en-starter' } });
    await page.getByTestId('tab-settings').click();
    const field = page.getByTestId('settings-connections');
    const before = Number(await field.inputValue());
    bridge.dropConnections();
    // Changed while the page is cut off: its settings:changed event reaches nobody.
    await bridge.service.updateSettings({ maxConnections: before + 1 });
    await pollUntil(
      () => field.inputValue(),
      (value) => Number(value) === before + 1,
      'the settings re-read after reconnecting',
      10_000,
    );
    // And events flow again afterwards.
    await bridge.service.updateSettings({ maxConnections: before });
    await pollUntil(
      () => field.inputValue(),
      (value) => Number(value) === before,
      'the next settings event',
      10_000,
    );
  });
});
