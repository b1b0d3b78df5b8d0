/**
 * The Course tab and the pronunciation table (issue 12) in Debian's Chromium through the bridge, on
 * the producer's own files: a headerless German CSV gets its languages as "#" lines and comes back
 * with German voices; a pronunciation entry says first what it re-renders, then makes exactly those
 * renders Stale and can be heard; Audition's "Use for target-slow" saves the voice and the rate.
 * STUDIO_SCREENSHOTS=1 also writes docs/screenshots/studio-course.png.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { pollUntil, waitForLoadedAudio } from './support/page-probes';
import { REPO } from './support/renderer-build';
import { smallCourse } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('course setup in the studio (browser)'), () => {
  let page: Page;
  const session = useStudioSession((opened) => (page = opened.page));

  const status = (cell: string): Promise<string | null> => page.getByTestId(`cell-${cell}`).getAttribute('data-status');
  const fileHolds = (file: string, what: (text: string) => boolean, label: string): Promise<string> => pollUntil(() => readFile(file, 'utf8'), what, label);

  it('a headerless German CSV: the target language set in the Course tab is written as "#" lines, and the course comes back with German voices', async () => {
    const csv = 'id,known,target\nd1,Good morning.,Guten Morgen.\nd2,Thank you.,Danke.\n';
    const file = await session.openFile('german.csv', csv);
    await page.getByTestId('tab-course').click();
    await expect(page.getByTestId('setup-storage').getAttribute('data-storage')).resolves.toBe('csv');
    await expect(page.getByTestId('setup-target').inputValue()).resolves.toBe('es-ES'); // what the loader assumed
    await expect(page.getByTestId('setup-save').isDisabled()).resolves.toBe(true);

    await page.getByTestId('setup-target').fill('de-DE');
    await pollUntil(
      () =>
        page
          .getByTestId('setup-impact')
          .getAttribute('data-affected')
          .catch(() => null),
      (affected) => affected === '4',
      'the impact of the new language (both target variants of both phrases)',
    );
    await page.getByTestId('setup-save').click();
    await fileHolds(file, (text) => text === `# target: de-DE\n# known: en-US\n${csv}`, 'the header lines in the file');
    await pollUntil(
      () => page.getByTestId('setup-voice-target').inputValue(),
      (voice) => voice === 'de-DE-KatjaNeural',
      'the German voice in the Course tab',
    );
    await pollUntil(
      () => page.locator('.th-variant', { hasText: 'target-slow' }).innerText(),
      (text) => text.includes('Katja'),
      'the German voice in the table header',
    );
    await expect(page.getByTestId('setup-save').isDisabled()).resolves.toBe(true);
  });

  it('a pronunciation entry: the cost first, then exactly the renders holding the word go Stale; the entry can be heard', async () => {
    const file = await session.openFile('course.json', JSON.stringify(smallCourse('pron', { phrases: 3 }), null, 2), { rendered: true });
    for (const cell of ['s001-target', 's002-target', 's002-slow', 's003-slow']) expect(['done', 'cached']).toContain(await status(cell));
    await page.getByTestId('tab-course').click();
    await page.getByTestId('pron-add').click();
    await page.getByTestId('pron-text-0').fill('Gracias');
    await page.getByTestId('pron-kind-0').selectOption('alias');
    await page.getByTestId('pron-say-0').fill('Muchas gracias');
    const impact = page.getByTestId('setup-impact');
    await pollUntil(
      () => impact.getAttribute('data-affected').catch(() => null),
      (affected) => affected === '2',
      'the impact of the entry',
    );
    await expect(impact.getAttribute('data-finished')).resolves.toBe('2');
    await expect(impact.innerText()).resolves.toMatch(/Re-renders 2 renders \(2 finished go stale\), free offline/);

    // STUDIO_SCREENSHOTS=1 writes docs/screenshots/studio-course.png (the Course tab with an unsaved entry).
    await page.getByTestId('pronunciations').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    if (process.env.STUDIO_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO, 'docs', 'screenshots', 'studio-course.png') });
    await page.getByTestId('pron-play-0').click();
    const heard = await waitForLoadedAudio(page, 'player-audio');
    expect(heard.duration).toBeGreaterThan(0.3);
    await expect(page.getByTestId('player-file').innerText()).resolves.toContain('Gracias.');

    await page.getByTestId('setup-save').click();
    await pollUntil(
      () => status('s002-target'),
      (s) => s === 'stale',
      's002 stale',
    );
    await expect(status('s002-slow')).resolves.toBe('stale');
    for (const cell of ['s001-target', 's001-slow', 's003-target', 's003-slow']) expect(['done', 'cached']).toContain(await status(cell));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { pronunciations?: unknown };
    expect(saved.pronunciations).toEqual([{ locale: 'es-ES', text: 'Gracias', alias: 'Muchas gracias' }]);
  });

  it('Audition: "Use for target-slow" after hearing a take at 0.8x saves that voice and that rate into the file', async () => {
    const file = await session.openFile('course.json', JSON.stringify(smallCourse('use', { phrases: 2 }), null, 2));
    await page.getByTestId('cell-s001-target').click();
    await page.getByTestId('tab-audition').click();
    await page.getByTestId('voice-list').waitFor();
    await page.getByTestId('rate-0.8').click();
    const cells = page.locator('[data-testid^="audition-cell-"][data-testid$="-0.8"]');
    await pollUntil(
      () => cells.count(),
      (n) => n === 2,
      'two voices at 0.8x',
    );
    const ids = await cells.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    const other = ids.map((id) => id.replace(/^audition-cell-/, '').replace(/-0\.8$/, '')).find((voice) => voice !== 'es-ES-ElviraNeural')!;
    await page.getByTestId(`audition-cell-${other}-0.8`).click();
    await waitForLoadedAudio(page, 'player-audio');
    const use = page.getByTestId(`use-slow-${other}`);
    await expect(use.getAttribute('data-rate')).resolves.toBe('0.8');
    await use.click();
    const text = await fileHolds(file, (t) => t.includes(other), 'the voice in the file');
    const saved = JSON.parse(text) as { voices: Record<string, string>; variants: Array<{ id: string; rate: number }> };
    expect(saved.voices.target).toBe(other);
    expect(saved.variants.find((variant) => variant.id === 'slow')?.rate).toBe(0.8);
    expect(saved.variants.find((variant) => variant.id === 'target')?.rate).toBe(1);
    await pollUntil(
      () => page.locator('.th-variant', { hasText: 'slow' }).innerText(),
      (header) => header.includes('0.8'),
      'the table header at the new rate',
    );
  });
});
