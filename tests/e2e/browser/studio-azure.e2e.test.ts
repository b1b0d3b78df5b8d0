/**
 * The studio against the local Azure server, in Debian's Chromium through the bridge: a render that
 * failed is retried once the fault is lifted, and shutting down leaves no synthesizer and no socket.
 * Each test opens its own studio and server (support/studio-session.ts).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { numberAttr, pollUntil } from './support/page-probes';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('the studio against the local Azure server (browser)'), () => {
  let page: Page;
  const { open, startAzure } = useStudioSession((studio) => (page = studio.page));
  const progress = () => page.getByTestId('progress-bar');
  const runState = () => page.getByTestId('run-state');

  it('retries a failed render against the local Azure server', async () => {
    await open();
    {
      // Every turn fails with close 1011 (a server error: retried, then failed) until the fault is lifted.
      const azure = await startAzure({ seed: 3, latency: { connectMs: 5, firstByteMs: 5, perCharMs: 0.1 }, faults: { rates: { 'close-1011': 1 } } });
      await page.getByTestId('tab-settings').click();
      await page.getByRole('radio', { name: /Azure/ }).click();
      await page.getByTestId('settings-host').fill(azure.url);
      await page.getByTestId('settings-save').click();
      await pollUntil(
        () => page.getByTestId('engine-badge').innerText(),
        (text) => text.includes('Azure'),
        'the Azure engine',
      );
      await page.getByTestId('key-input').fill('e2e-test-key');
      await page.getByTestId('key-save').click();
      await pollUntil(
        () => page.getByTestId('key-state').innerText(),
        (text) => text.includes('set') && !text.includes('not'),
        'the key to be set',
      );
      // The badge says Ready only once the service answered with this key (main's keyStatus 'verified').
      await pollUntil(
        () => page.getByTestId('engine-badge').getAttribute('data-health'),
        (health) => health === 'Ready',
        'the key to be verified',
        15_000,
        100,
      );

      // "Open a course": the bridge has no native dialog, so the page's own file picker opens.
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-course').click()]);
      await chooser.setFiles({ name: 'azure-e2e.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(AZURE_COURSE)) });
      await pollUntil(
        () => page.getByTestId('course-title').innerText(),
        (text) => text.includes('Azure e2e'),
        'the imported course',
      );
      await page.getByTestId('tab-run').click();
      await page.getByTestId('generate').click();
      await pollUntil(
        () => runState().getAttribute('data-state'),
        (s) => s === 'finished' || s === 'stopped',
        'the failing run to end',
        40_000,
        100,
      );
      expect(await numberAttr(progress(), 'data-failed')).toBeGreaterThan(0);
      await expect(page.getByTestId('cell-a001-target').getAttribute('data-status')).resolves.toBe('failed');
      await expect(page.getByTestId('failures').innerText()).resolves.toMatch(/Azure Speech/);

      azure.setFaultRates({ 'close-1011': 0 });
      await page.getByTestId('retry-failed').click();
      await pollUntil(
        () => page.getByTestId('cell-a001-target').getAttribute('data-status'),
        (s) => s === 'done',
        'the retried render',
        30_000,
        100,
      );
      await pollUntil(
        () => runState().getAttribute('data-state'),
        (s) => s === 'finished',
        'the retry run to finish',
        30_000,
        100,
      );
      expect(await numberAttr(progress(), 'data-failed')).toBe(0);
    }
  });

  it('shuts the bridge down: every synthesizer closed, the port closed, 0 sockets left on the Azure server', async () => {
    const azure = await startAzure({ seed: 4 });
    const { bridge } = await open({ settings: { engine: 'azure', azure: { host: azure.url } }, key: 'e2e-test-key', course: { json: AZURE_COURSE } });
    // Open Azure connections right before quitting: an audition keeps its synthesizer (and socket) warm.
    await page.evaluate(`window.api.invoke('audition:render', { text: 'Hasta luego.', voice: 'es-ES-ElviraNeural', rate: 1 })`);
    expect(azure.counters().openSockets).toBeGreaterThan(0);
    const report = await bridge.close();
    expect(report.timedOut).toBe(false);
    expect(report.failed).toEqual([]);
    expect(bridge.service.liveSynthesizers()).toBe(0);
    await expect(fetch(bridge.url)).rejects.toThrow();
    // The server sees every socket closed (its counters settle a moment after the client's close).
    await azure.waitFor((counters) => counters.openSockets === 0, 3_000);
    expect(azure.counters().openSockets).toBe(0);
    // Idempotent.
    await expect(bridge.close()).resolves.toBeTruthy();
  });
});

/** Two phrases x two variants, voices the local Azure server knows. */
const AZURE_COURSE = {
  schema: 'course/1',
  id: 'azure-e2e',
  title: 'Azure e2e: retry failed',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
  variants: [
    { id: 'target', text: 'target', voice: 'target', rate: 1 },
    { id: 'target-slow', text: 'target', voice: 'target', rate: 0.7 },
  ],
  phrases: [
    { id: 'a001', known: 'Good morning.', target: 'Buenos días.' },
    { id: 'a002', known: 'Thank you.', target: 'Gracias.' },
  ],
};
