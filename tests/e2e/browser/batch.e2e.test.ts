/**
 * "Send to Azure batch" in Chromium through the bridge, against the local batch server (the real
 * StudioService, the real AzureBatchEngine over HTTP, real files): the Run controls offer it with both
 * estimates; the Run tab lists each job live until it is delivered; every cell ends done and the
 * manifest is complete with audio that decodes. And a studio closed after submitting: reopened, it shows
 * the job waiting, and sending picks it up without submitting anything again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBatchServer, type BatchServer } from '../../support/azure-batch-server';
import { decodeWithSox } from '../../support/audio-decode';
import { startStudioBridge, type StudioBridge } from '../../support/bridge/studio-bridge';
import { prerequisite } from '../../support/prerequisites';
import { launchChromium } from './support/chromium';
import { pollUntil } from './support/page-probes';
import { ensureRendererBuilt } from './support/renderer-build';
import { openStudio, smallCourse, VIEWPORT, type Studio } from './support/studio-fixture';

const chromiumTool = prerequisite('chromium');
const KEY = 'e2e-batch-key';
const COURSE = smallCourse('batch-e2e', { phrases: 6 }); // 12 renders

// Two studios, a browser and the batch server: slow on a loaded 2-core machine.
describe.skipIf(chromiumTool.missing)(chromiumTool.title('Send to Azure batch in Chromium through the bridge'), { timeout: 180_000 }, () => {
  let browser: Browser;
  let studio: Studio | undefined;
  let server: BatchServer | undefined;
  let reopened: StudioBridge | undefined;

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await launchChromium();
  });

  afterEach(async () => {
    const errors = studio?.pageErrors ?? [];
    await reopened?.close();
    reopened = undefined;
    await studio?.close();
    studio = undefined;
    await server?.close();
    server = undefined;
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A studio on the Azure engine at the local batch server, offering batch from 4 renders. */
  const openOnBatchServer = (batch: BatchServer): Promise<Studio> =>
    openStudio(browser, { settings: { engine: 'azure', azure: { host: batch.url }, batchThresholdRenders: 4 }, key: KEY, course: { json: COURSE } });

  const cellStatuses = (page: Page): Promise<string[]> =>
    page.locator('[data-testid^="cell-s0"]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status') ?? ''));

  it('sends the course to Azure batch: the job appears, is polled and delivered; every cell done, the manifest complete', async () => {
    server = await startBatchServer({ key: KEY, seed: 11, queueMs: 300, jobBaseMs: 1_500, perInputMs: 5 });
    studio = await openOnBatchServer(server);
    const { page } = studio;
    await page.getByTestId('tab-run').click();

    // Both ways, each with its time and cost.
    await page.getByTestId('send-to-batch').waitFor();
    await expect(page.getByTestId('batch-choice-interactive').innerText()).resolves.toMatch(/^Generate: about .+, (\$|< \$)/);
    await expect(page.getByTestId('batch-choice-batch').innerText()).resolves.toMatch(/^Azure batch: about .+ in 1 job, .+ \(same price per character\)$/);

    await page.getByTestId('send-to-batch').click();
    // The job shows up live, and is seen running or queued before it is delivered.
    const seen = new Set<string>();
    await pollUntil(
      async () => {
        const rows = page.getByTestId('batch-job');
        if ((await rows.count()) !== 1) return 'none';
        const status = `${await rows.first().getAttribute('data-status')}/${await rows.first().getAttribute('data-delivered')}`;
        seen.add(status);
        return status;
      },
      (status) => status === 'Succeeded/true',
      'the batch job to be delivered',
      60_000,
      50,
    );
    expect([...seen].some((status) => /^(NotStarted|Running)\/false$/.test(status))).toBe(true);
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (state) => state === 'finished',
      'the batch run to finish',
      30_000,
      100,
    );
    await expect(page.getByTestId('batch-summary').innerText()).resolves.toBe('1 job: 1 delivered · 12 of 12 renders delivered');
    await pollUntil(
      () => cellStatuses(page),
      (statuses) => statuses.length === 12 && statuses.every((status) => status === 'done'),
      'every cell done',
      10_000,
    );

    const outDir = studio.bridge.service.runView().outputDir!;
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as { items: Array<{ file: string; engine: string }> };
    expect(manifest.items).toHaveLength(12);
    expect(new Set(manifest.items.map((item) => item.engine))).toEqual(new Set(['azure']));
    for (const item of manifest.items) expect(existsSync(join(outDir, item.file))).toBe(true);
    expect((await decodeWithSox(join(outDir, manifest.items[0]!.file))).sampleRate).toBe(24_000);
    // One job, created once, deleted at the service once its audio was committed.
    await pollUntil(
      async () => server!.counters(),
      (counters) => counters.deletes === 1,
      'the delivered job to be deleted at the service',
      10_000,
    );
    expect(server.counters()).toMatchObject({ creates: 1, inputsSynthesized: 12 });
  });

  it('closed after submitting and reopened: the job shows as waiting, and sending picks it up without submitting again', async () => {
    server = await startBatchServer({ key: KEY, seed: 12, queueMs: 300, jobBaseMs: 6_000, perInputMs: 5 });
    studio = await openOnBatchServer(server);
    await studio.page.getByTestId('tab-run').click();
    await studio.page.getByTestId('send-to-batch').click();
    await pollUntil(
      () => studio!.page.getByTestId('batch-job').first().getAttribute('data-status'),
      (status) => status === 'NotStarted' || status === 'Running',
      'the job to be submitted',
      30_000,
    );
    await studio.page.close();
    await studio.bridge.close(); // the studio quits while its job runs at the service
    expect(server.counters().creates).toBe(1);

    // The same settings and output folder, a new studio.
    reopened = await startStudioBridge({ settingsDir: join(studio.work, 'settings'), outputDir: studio.outputDir });
    await reopened.service.importText(`${COURSE.id}.json`, JSON.stringify(COURSE));
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    try {
      await page.goto(reopened.url);
      await page.getByTestId('studio').waitFor();
      await page.getByTestId('tab-run').click();
      await expect(
        pollUntil(
          () => page.getByTestId('batch-waiting').innerText(),
          (text) => text.length > 0,
          'the waiting job',
        ),
      ).resolves.toBe('1 job (12 renders) from an earlier session is waiting at Azure: sending picks it up, never submits it twice.');
      await page.getByTestId('send-to-batch').click();
      await pollUntil(
        () => page.getByTestId('batch-job').first().innerText(),
        (text) => text.includes('picked up'),
        'the picked-up job in the Run tab',
      );
      await pollUntil(
        () => page.getByTestId('run-state').getAttribute('data-state'),
        (state) => state === 'finished',
        'the picked-up run to finish',
        60_000,
        100,
      );
      await pollUntil(
        () => cellStatuses(page),
        (statuses) => statuses.length === 12 && statuses.every((status) => status === 'done'),
        'every cell done',
        10_000,
      );
      expect(server.counters()).toMatchObject({ creates: 1, inputsSynthesized: 12 }); // nothing submitted twice
    } finally {
      await context.close();
    }
  });
});
