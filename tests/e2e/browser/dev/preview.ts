/**
 * DEV ONLY: look at the studio without the main process. Serves out/renderer, injects the fake
 * window.api, walks through a few states and writes screenshots to /tmp/studio-preview/.
 *
 *   npx electron-vite build && npx tsx tests/e2e/browser/dev/preview.ts [dark]
 */
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../support/chromium';
import { RENDERER_DIR } from '../support/renderer-build';
import { installFakeStudioApi, type FakeOptions } from './fakeStudioApi';
import { serveDirectory } from './staticServer';

const OUT = '/tmp/studio-preview';
const dark = process.argv.includes('dark');
const phrases = Number(process.argv.find((a) => a.startsWith('--phrases='))?.split('=')[1] ?? 240);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { url, server } = await serveDirectory(RENDERER_DIR);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: dark ? 'dark' : 'light' });
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  const options: FakeOptions = { phrases, failEvery: 23, holdAt: 0.25, renderMs: 350 };
  // tsx (esbuild keepNames) wraps functions in __name(); the serialized fake needs it in the page too.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript(installFakeStudioApi, options);
  const suffix = dark ? '-dark' : '';
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: `${OUT}/${name}${suffix}.png` });

  await page.goto(url);
  await page.getByTestId('empty-state').waitFor();
  await shot('01-empty');

  await page.getByTestId('sample-es-en-starter').click();
  await page.getByTestId('course-table').waitFor();
  await shot('02-course');

  await page.getByTestId('generate').click();
  await page.waitForTimeout(2500);
  await shot('03-running');
  await page.waitForSelector('[data-testid="run-state"][data-hold="throttled"]', { timeout: 20_000 }).catch(() => undefined);
  await shot('04-hold');
  await page.getByTestId('tab-pool').click();
  await page.waitForTimeout(1200);
  await shot('05-pool');
  await page.getByTestId('pause').click();
  await page.waitForTimeout(600);
  await page.getByTestId('tab-run').click();
  await shot('06-paused');
  await page.getByTestId('resume').click();
  await page.waitForSelector('[data-testid="run-state"][data-state="finished"]', { timeout: 60_000 });
  await page.locator('[data-status="done"]').first().click();
  await page.waitForTimeout(700);
  await shot('07-finished');

  await page.getByTestId('tab-audition').click();
  await page.getByTestId('audition-cell-es-ES-ElviraNeural-0.7').click();
  await page.waitForTimeout(500);
  await page.getByTestId('audition-cell-es-ES-AlvaroNeural-1.0').click();
  await page.waitForTimeout(400);
  await shot('08-audition');
  await page.getByTestId('tab-settings').click();
  await page.getByRole('radio', { name: 'Azure neural voices' }).click();
  await shot('09-settings');
  await page.locator('label.chip', { hasText: 'Failed only' }).click();
  await page.waitForTimeout(300);
  await shot('10-failed-filter');

  await browser.close();
  server.close();
  console.log(`screenshots in ${OUT}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
