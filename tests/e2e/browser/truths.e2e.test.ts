/**
 * What the producer sees is true (issue 8, the renderer's part), in Debian's Chromium through the
 * bridge: another course starts afresh (player, charts, scroll), the charts follow the current run
 * and engine, a cap learned from the service says so, a long error arrives whole and covers no
 * control, rates and notes show as the course says, the price has one figure and the Run tab says
 * where the files go. Each test opens its own studio (support/studio-session.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { numberAttr, numberText, pollUntil } from './support/page-probes';
import { smallCourse } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const box = async (locator: Locator): Promise<Box> => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('element has no box');
  return found;
};

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('the studio tells the truth (browser)'), () => {
  let page: Page;
  const { open, startAzure } = useStudioSession((studio) => (page = studio.page));
  const chooseCourse = async (json: object, name: string): Promise<void> => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open another course' }).click()]);
    await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  };
  /** Waits on the Run tab's state line (the Run tab opens for it). */
  const runTo = async (state: string): Promise<void> => {
    await page.getByTestId('tab-run').click();
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (s) => s === state,
      `the run to be ${state}`,
      40_000,
      100,
    );
  };

  it('another course starts afresh: no old clip in the player, an empty chart, the table at the top', async () => {
    await open({ course: { json: smallCourse('first', { phrases: 60 }) }, intervals: { sample: 200 } });
    await page.getByTestId('generate').click();
    await runTo('finished');
    await page.getByTestId('tab-pool').click();
    await pollUntil(
      () => numberAttr(page.getByTestId('pool-chart'), 'data-points'),
      (n) => n > 0,
      'the run’s throughput samples',
    );

    await page.getByTestId('cell-s002-target').click();
    await pollUntil(
      () =>
        page
          .getByTestId('player-file')
          .innerText()
          .catch(() => ''),
      (text) => text.includes('s002'),
      'the clip in the player',
    );
    const table = page.getByTestId('course-table');
    await table.evaluate((el) => el.scrollTo({ top: 900 }));
    await pollUntil(
      () => table.evaluate((el) => el.scrollTop),
      (top) => top > 500,
      'the table scrolled down',
    );

    await chooseCourse(smallCourse('second', { phrases: 60, title: 'The second course' }), 'second.json');
    await pollUntil(
      () => page.getByTestId('course-title').innerText(),
      (text) => text.includes('second course'),
      'the second course',
    );
    // The same phrase ids exist in both courses: nothing of the first may stay on screen.
    await expect(page.getByTestId('player').getAttribute('data-status')).resolves.toBe('empty');
    await expect(page.getByTestId('player-file').count()).resolves.toBe(0);
    await expect(page.getByTestId('show-in-folder').isDisabled()).resolves.toBe(true);
    await expect(numberAttr(page.getByTestId('pool-chart'), 'data-points')).resolves.toBe(0);
    await pollUntil(
      () => table.evaluate((el) => el.scrollTop),
      (top) => top === 0,
      'the table back at the top',
    );
    await expect(page.getByTestId('cell-s001-target').getAttribute('data-status')).resolves.toBe('pending');
  });

  it('an Azure run after an offline one: the chart restarts at its own scale, and the learned connection cap is named', async () => {
    const azure = await startAzure({ seed: 5, connectionCap: 3, latency: { connectMs: 5, firstByteMs: 20, perCharMs: 8 } });
    const { bridge } = await open({ course: { json: smallCourse('capped', { phrases: 20 }) }, intervals: { sample: 200 }, key: 'e2e-test-key' });
    await page.getByTestId('generate').click();
    await runTo('finished');
    await page.getByTestId('tab-pool').click();
    const chart = page.getByTestId('pool-chart');
    await pollUntil(
      () => numberAttr(chart, 'data-points'),
      (n) => n > 0,
      'the offline run’s samples',
    );

    // Another engine: the chart starts empty, whatever the offline run drew.
    await bridge.service.updateSettings({ engine: 'azure', azure: { host: azure.url }, maxConnections: 8 });
    // The key is bound to the endpoint it was saved for: a custom host gets it only when it is entered again.
    await bridge.service.setKey('e2e-test-key');
    await pollUntil(
      () => numberAttr(chart, 'data-points'),
      (n) => n === 0,
      'the chart to restart for Azure',
    );
    const samplesBefore = bridge.service.poolGauges().samplesTaken ?? 0;
    await page.getByTestId('generate').click();
    // The page still says "finished" from the offline run until the Azure run's events arrive: wait
    // for the service to have run it, then for the page to show that run's end.
    await pollUntil(
      async () => bridge.service.runView(),
      (view) => view.engine === 'azure' && view.state === 'finished',
      'the Azure run',
      40_000,
      100,
    );
    await runTo('finished');
    await pollUntil(
      () => numberAttr(page.getByTestId('progress-bar'), 'data-done'),
      (done) => done === 40,
      'the Azure run’s 40 renders on the page',
    );
    await page.getByTestId('tab-pool').click();
    // Every sample main took in the Azure run, its last (taken once the run let go of its pool) included, is drawn.
    await bridge.service.runs.settled();
    const taken = (bridge.service.poolGauges().samplesTaken ?? 0) - samplesBefore;
    expect(taken).toBeGreaterThan(0);
    const points = await pollUntil(
      () => numberAttr(chart, 'data-points'),
      (n) => n === taken,
      `the Azure run’s ${taken} samples`,
    );
    // Scaled to this run's own samples: the top is the round figure just above their peak.
    const samples = bridge.service.poolGauges().throughput.slice(-points);
    const peak = Math.max(...samples);
    const top = await numberAttr(chart, 'data-max');
    expect(top).toBeGreaterThanOrEqual(peak);
    expect(top).toBeLessThanOrEqual(Math.max(1, 2 * peak));

    // The server refused connections beyond 3, so the pool lowered its max below the setting of 8
    // (how far depends on how many opens were in flight): Max says it was learned, not configured.
    const max = await numberText(page.getByTestId('gauge-max'));
    expect(max).toBeLessThan(8);
    // When it was learned (main's `cap`), as the hour and minute.
    await expect(page.getByTestId('gauge-max-note').innerText()).resolves.toMatch(
      new RegExp(`^Max ${max} \\((learned from the service at \\d\\d:\\d\\d|trying one above the cap learned from the service, since \\d\\d:\\d\\d); settings 8\\)$`),
    );
    expect(await numberText(page.getByTestId('gauge-refused'))).toBeGreaterThan(0);
    await expect(numberText(page.getByTestId('gauge-dropped'))).resolves.toBe(bridge.service.poolGauges().droppedConnections);
  });

  it('the time left says "stalled" while nothing finishes, instead of counting down', async () => {
    const azure = await startAzure({ seed: 6, latency: { connectMs: 5, firstByteMs: 30, perCharMs: 10 } });
    await open({
      course: { json: smallCourse('stalling', { phrases: 40 }) },
      intervals: { sample: 200 },
      settings: { engine: 'azure', azure: { host: azure.url }, maxConnections: 2 },
      key: 'e2e-test-key',
    });
    await page.getByTestId('generate').click();
    await pollUntil(
      () => numberAttr(page.getByTestId('progress-bar'), 'data-done'),
      (done) => done >= 4,
      'the first renders',
    );
    await expect(page.getByTestId('eta').getAttribute('data-kind')).resolves.not.toBe('stalled');
    // Every turn from now on gets no audio: nothing finishes, though most renders are still due.
    azure.setFaultRates({ stall: 1 });
    await pollUntil(
      () => page.getByTestId('eta').getAttribute('data-kind'),
      (kind) => kind === 'stalled',
      'the time left to say stalled',
      15_000,
      100,
    );
    await expect(page.getByTestId('eta').innerText()).resolves.toBe('stalled');
    await expect(page.getByTestId('estimate-time').innerText()).resolves.toBe('stalled');
    await page.getByTestId('cancel').click();
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (s) => s === 'cancelled',
      'the cancel',
      20_000,
      100,
    );
  });

  it('a long error arrives whole, with details, and the toast covers no control', async () => {
    const course = smallCourse('unspeakable', { targetVoice: 'zz-ZZ-NobodyNeural' });
    await open({ course: { json: course } });
    await page.getByTestId('tab-audition').click();
    await page.getByTestId('generate').click();
    const toast = page.getByTestId('toast-error');
    await toast.waitFor();
    await expect(toast.getByTestId('toast-detail').innerText()).resolves.toMatch(/^The course uses voices the offline engine cannot speak:/);
    await toast.getByTestId('toast-details').click();
    // Main's sentence is one long line now: the summary names the voice, the details carry the rest.
    const whole = `${await toast.getByTestId('toast-detail').innerText()} ${await toast.getByTestId('toast-more').innerText()}`;
    expect(whole).toContain('zz-ZZ-NobodyNeural');
    expect(whole).toContain('eSpeak NG');
    // It waits to be read: still there after an ordinary toast's time.
    await page.waitForTimeout(1000);
    await expect(toast.isVisible()).resolves.toBe(true);

    const toasts = await box(page.getByTestId('toasts'));
    // The right panel (the audition grid's scroll box), the table, the top bar and the player.
    for (const [name, target] of [
      ['the right panel', page.locator('.tabpanel')],
      ['the table', page.getByTestId('course-table')],
      ['Generate', page.getByTestId('generate')],
      ['the player', page.getByTestId('player')],
    ] as const) {
      expect(overlaps(toasts, await box(target)), `the toasts cover ${name}`).toBe(false);
    }
  });

  it('shows rates, notes and long phrases as the course says, one price, and where the files go', async () => {
    const course = smallCourse('shown', { slowRate: 0.75, notes: true });
    const long = 'Me gustaría reservar una mesa para cuatro personas a las nueve de la noche, junto a la ventana, por favor.';
    (course.phrases as Array<{ target: string }>)[1]!.target = long;
    const { bridge } = await open({ course: { json: course } });

    await expect(page.locator('.th-variant').nth(1).innerText()).resolves.toContain('0.75×');
    await expect(page.getByTestId('notes-header').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('notes-s001').innerText()).resolves.toContain('stress the second syllable');
    // The checkbox is visually hidden inside its chip: the producer clicks the chip.
    await page.locator('label:has([data-testid="toggle-notes"])').click();
    await expect(page.getByTestId('notes-header').count()).resolves.toBe(0);

    // The row keeps one line; the selected phrase reads in full under the table.
    await page.getByTestId('cell-s002-target').click();
    await expect(page.getByTestId('phrase-detail-target').innerText()).resolves.toBe(long);

    await expect(page.getByTestId('run-output-dir').innerText()).resolves.toBe(bridge.service.runView().outputDir);

    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-engine').getByRole('radio', { name: /Azure/ }).click();
    const price = await page.getByTestId('settings-price').inputValue();
    await expect(page.getByTestId('settings-price-help').innerText()).resolves.toContain(`$${price}`);
  });
});
