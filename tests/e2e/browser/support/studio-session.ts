import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startAzureServer, type AzureServer, type AzureServerOptions } from '../../../support/azure-server';
import { launchChromium } from './chromium';
import { ensureRendererBuilt } from './renderer-build';
import { openStudio, renderEverything, type Studio, type StudioSetup } from './studio-fixture';

/**
 * The set-up every browser e2e file shares, as one call inside its `describe`: the renderer built and
 * Chromium launched once for the file, each test's own studio (and local Azure server) closed after
 * it, and no uncaught page error allowed.
 *
 *   let page: Page;
 *   const session = useStudioSession((studio) => (page = studio.page));
 *   it('...', async () => {
 *     await session.open({ course: { sample: 'es-en-starter' } });
 *     const azure = await session.startAzure({ seed: 3 });
 *   });
 */
export interface StudioSession {
  /** Opens this test's own studio (see openStudio); `onOpen` hears of it first. */
  open(setup?: StudioSetup): Promise<Studio>;
  /**
   * Opens this test's studio on a course file of the producer's: `text` written to `name` in the test's
   * work folder and opened from there (so edits are saved into it), every render finished first when
   * `rendered`, then the page with its table. Returns the file's path.
   */
  openFile(name: string, text: string, options?: { rendered?: boolean; setup?: StudioSetup }): Promise<string>;
  /** A local Azure server for this test, closed after its studio. */
  startAzure(options?: AzureServerOptions): Promise<AzureServer>;
}

export function useStudioSession(onOpen?: (studio: Studio) => void): StudioSession {
  let browser: Browser | undefined;
  let studio: Studio | undefined;
  let azure: AzureServer | undefined;

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await launchChromium();
  });

  afterEach(async () => {
    const errors = studio?.pageErrors ?? [];
    await studio?.close();
    studio = undefined;
    await azure?.close();
    azure = undefined;
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    async open(setup = {}) {
      if (!browser) throw new Error('useStudioSession: the browser is not launched (call it inside describe)');
      studio = await openStudio(browser, setup);
      onOpen?.(studio);
      return studio;
    },
    async openFile(name, text, options = {}) {
      const opened = await this.open({ ...options.setup, noPage: true });
      const file = join(opened.work, name);
      await writeFile(file, text);
      await opened.bridge.service.openPath(file);
      if (options.rendered) await renderEverything(opened.bridge);
      await opened.page.goto(opened.bridge.url);
      await opened.page.getByTestId('course-table').waitFor();
      return file;
    },
    async startAzure(options = {}) {
      azure = await startAzureServer(options);
      return azure;
    },
  };
}
