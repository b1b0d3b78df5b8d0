/**
 * Issue 12's acceptance in the browser against the local Azure server: a pronunciation entry added in
 * the Course tab changes the SSML that reaches the server (read on the server side, from its turn log)
 * for exactly the renders whose text holds the word, and for no other render.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { pollUntil } from './support/page-probes';
import { smallCourse } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('a pronunciation entry reaches the local Azure server (browser)'), () => {
  let page: Page;
  const session = useStudioSession((studio) => (page = studio.page));
  const status = (cell: string): Promise<string | null> => page.getByTestId(`cell-${cell}`).getAttribute('data-status');

  it('only the renders holding the word are sent again, each with the <sub> the entry compiles to', async () => {
    const azure = await session.startAzure({ seed: 12, latency: { connectMs: 5, firstByteMs: 5, perCharMs: 0.1 } });
    // The producer's own file (so the entry is saved into it), every render finished once through Azure.
    const file = await session.openFile('course.json', JSON.stringify(smallCourse('pron-azure', { phrases: 3 }), null, 2), {
      rendered: true,
      setup: { settings: { engine: 'azure', azure: { host: azure.url }, maxConnections: 2, format: 'wav' }, key: 'e2e-test-key' },
    });
    const firstPass = azure.turnLog();
    expect(firstPass).toHaveLength(6);
    expect(firstPass.some((turn) => turn.ssml.includes('<sub'))).toBe(false);

    await page.getByTestId('tab-course').click();
    await page.getByTestId('pron-add').click();
    await page.getByTestId('pron-text-0').fill('Gracias');
    await page.getByTestId('pron-kind-0').selectOption('alias');
    await page.getByTestId('pron-say-0').fill('Muchas gracias');
    await pollUntil(
      () =>
        page
          .getByTestId('setup-impact')
          .getAttribute('data-affected')
          .catch(() => null),
      (affected) => affected === '2',
      'the impact of the entry',
    );
    await page.getByTestId('setup-save').click();
    await pollUntil(
      () => status('s002-target'),
      (s) => s === 'stale',
      's002 stale',
    );
    // Saved into the producer's file (the Course tab saves at once, through the editor).
    const saved = await pollUntil(
      async () => (JSON.parse(await readFile(file, 'utf8')) as { pronunciations?: unknown }).pronunciations,
      (entries) => entries !== undefined,
      'the entry in the course file',
    );
    expect(saved).toEqual([{ locale: 'es-ES', text: 'Gracias', alias: 'Muchas gracias' }]);

    await page.getByTestId('tab-run').click();
    await page.getByTestId('generate').click();
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (s) => s === 'finished',
      'the re-render run to finish',
      60_000,
      100,
    );
    const resent = azure.turnLog().slice(firstPass.length);
    // Exactly the two renders of s002 (its target at two rates), and only they carry the entry.
    expect(resent).toHaveLength(2);
    for (const turn of resent) expect(turn.ssml).toContain('<sub alias="Muchas gracias">Gracias</sub>');
    expect(new Set(resent.map((turn) => turn.ssml.match(/rate="([^"]+)"/)?.[1] ?? '1')).size).toBe(2);
    for (const cell of ['s001-target', 's001-slow', 's002-target', 's002-slow', 's003-target', 's003-slow']) expect(['done', 'cached']).toContain(await status(cell));
  });
});
