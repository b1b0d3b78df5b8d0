import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SettingsPatch } from '../../../../shared/ipc/contract';
import { startStudioBridge, type StudioBridge, type StudioBridgeOptions } from '../../../support/bridge/studio-bridge';
import { pollUntil } from './page-probes';

/**
 * One test's own studio: a fresh bridge (its own settings, output folder and StudioService), the
 * course and settings the test needs, and a fresh browser context on it. Nothing carries over from
 * another test, so the tests run in any order, alone or together (`-t 'name'`).
 */
export interface Studio {
  readonly bridge: StudioBridge;
  readonly page: Page;
  readonly work: string;
  readonly outputDir: string;
  /** Uncaught errors of the page; the suite's afterEach expects none. */
  readonly pageErrors: string[];
  /** Closes the page, then the bridge (shutdown report returned), then removes the folders. Idempotent. */
  close(): Promise<void>;
}

export interface StudioSetup {
  /** A sample course by name, or a course JSON object imported as `<id>.json`. */
  readonly course?: { sample: string } | { json: { id: string } & Record<string, unknown> };
  readonly settings?: SettingsPatch;
  readonly key?: string;
  /** Render every cell before the page opens (through the service, as a finished earlier run would). */
  readonly rendered?: boolean;
  readonly intervals?: StudioBridgeOptions['intervals'];
  /** Leave the page unopened (the test opens it, or drives the bridge only). */
  readonly noPage?: boolean;
}

export const VIEWPORT = { width: 1440, height: 900 };

export async function openStudio(browser: Browser, setup: StudioSetup = {}): Promise<Studio> {
  const work = mkdtempSync(join(tmpdir(), 'cas-e2e-'));
  const outputDir = join(work, 'out');
  let context: BrowserContext | undefined;
  let bridge: StudioBridge | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close();
    await bridge?.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    bridge = await startStudioBridge({ settingsDir: join(work, 'settings'), outputDir, ...(setup.intervals ? { intervals: setup.intervals } : {}) });
    if (setup.settings) await bridge.service.updateSettings(setup.settings);
    if (setup.key) await bridge.service.setKey(setup.key);
    if (setup.course && 'sample' in setup.course) await bridge.service.openSample(setup.course.sample);
    else if (setup.course) await bridge.service.importText(`${setup.course.json.id}.json`, JSON.stringify(setup.course.json));
    if (setup.rendered) await renderEverything(bridge);
    const pageErrors: string[] = [];
    context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (!setup.noPage) {
      await page.goto(bridge.url);
      await page.getByTestId('studio').waitFor();
    }
    return { bridge, page, work, outputDir, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs the open course to the end through the service and waits until its pool has closed. */
export async function renderEverything(bridge: StudioBridge): Promise<void> {
  await bridge.service.startRun();
  await pollUntil(
    async () => bridge.service.runView().state,
    (state) => state === 'finished',
    'the set-up run',
    60_000,
  );
  // A finished run's pool closes right after; a run or render started meanwhile would be refused.
  await pollUntil(
    async () => bridge.service.liveSynthesizers(),
    (n) => n === 0,
    'the set-up run’s pool to close',
    10_000,
  );
}

/** A small offline course: `phrases` phrases x two variants (the second at `slowRate`), optional notes. */
export function smallCourse(
  id: string,
  options: { phrases?: number; slowRate?: number; notes?: boolean; title?: string; targetVoice?: string } = {},
): { id: string } & Record<string, unknown> {
  const n = options.phrases ?? 3;
  const words = ['Hola.', 'Gracias.', 'Buenos días.', 'Hasta luego.', 'Por favor.', 'Buenas noches.'];
  return {
    schema: 'course/1',
    id,
    title: options.title ?? `Course ${id}`,
    languages: { target: 'es-ES', known: 'en-US' },
    voices: { target: options.targetVoice ?? 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
    variants: [
      { id: 'target', text: 'target', voice: 'target', rate: 1 },
      { id: 'slow', text: 'target', voice: 'target', rate: options.slowRate ?? 0.7 },
    ],
    phrases: Array.from({ length: n }, (_, i) => ({
      id: `s${String(i + 1).padStart(3, '0')}`,
      known: `Phrase ${i + 1}.`,
      target: words[i % words.length]!,
      ...(options.notes ? { notes: `Note for phrase ${i + 1}: stress the second syllable.` } : {}),
    })),
  };
}
