/**
 * Issue 11 in the studio, in real Chromium through the bridge (the real StudioService, the embedded
 * eSpeak engine, real files): generate the sample course (cut to two short lessons, so the run and its
 * track build stay short on a loaded machine), list its lesson tracks, build them, play one, jump to a
 * chapter from the chapter list and from the waveform's marker (the <audio> element's currentTime
 * says where it is), listen through with the table following; a course built to trip the QA flags
 * shows them as badges, in tooltips and through the QA filter; Export Anki writes a package that
 * python3's zipfile and sqlite3 open, with one note per phrase.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { qaCourse, sqlite, unpackApkg } from '../../support/deliverables-fixtures';
import { prerequisite } from '../../support/prerequisites';
import { pollUntil, waitForLoadedAudio } from './support/page-probes';
import { REPO } from './support/renderer-build';
import type { Studio } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

/** The sample course with the first five phrases of its first two lessons, under its own id. */
function sampleTwoLessons(id: string): { id: string } & Record<string, unknown> {
  const sample = JSON.parse(readFileSync(join(REPO, 'resources/courses/es-en-starter.json'), 'utf8')) as Record<string, unknown> & {
    phrases: Array<{ lesson: string }>;
  };
  const kept = ['L01', 'L02'].flatMap((lesson) => sample.phrases.filter((phrase) => phrase.lesson === lesson).slice(0, 5));
  return { ...sample, id, phrases: kept };
}

// A run, a track build and a browser each: minutes on a 2-core machine shared with other suites.
describe.skipIf(chromiumTool.missing)(chromiumTool.title('deliverables in the studio (Chromium through the bridge)'), () => {
  let page: Page;

  let studio: Studio;
  const { open } = useStudioSession((opened) => {
    studio = opened;
    page = opened.page;
  });
  const currentTime = (): Promise<number> => page.getByTestId('player-audio').evaluate((el) => (el as unknown as { currentTime: number }).currentTime);

  /** Generate from the top bar and wait for the run to finish (the Run tab's state). */
  const generate = async (): Promise<void> => {
    await page.getByTestId('tab-run').click();
    await page.getByTestId('generate').click();
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (state) => state === 'finished',
      'the run to finish',
      120_000,
      100,
    );
  };

  it('lists the sample course’s tracks, builds them, plays one and jumps to its chapters', async () => {
    await open({ course: { json: sampleTwoLessons('sample-tracks') }, settings: { engine: 'offline', format: 'wav' } });
    await page.getByTestId('tab-tracks').click();
    const l01 = page.getByTestId('track-file-drill-L01');
    await l01.waitFor();
    // Nothing rendered: listed, not built, nothing to play.
    await expect(l01.getAttribute('data-state')).resolves.toBe('not-built');
    await expect(page.getByTestId('track-file-drill-L02').getAttribute('data-state')).resolves.toBe('not-built');
    await expect(page.getByTestId('track-play-drill-L01').isDisabled()).resolves.toBe(true);

    await generate();
    await page.getByTestId('tab-tracks').click();
    await page.getByTestId('tracks-build-all').click();
    await pollUntil(
      async () => [await l01.getAttribute('data-state'), await page.getByTestId('track-file-drill-L02').getAttribute('data-state')],
      (states) => states.every((state) => state === 'built'),
      'both lesson files to be built',
      120_000,
      100,
    );
    const built = join(studio.outputDir, 'sample-tracks', 'tracks/drill/L01.wav');
    expect(existsSync(built)).toBe(true);

    await page.getByTestId('track-play-drill-L01').click();
    const audio = await waitForLoadedAudio(page, 'player-audio');
    expect(audio.src).toMatch(/\/audio\/[0-9a-f]{32}$/);
    const list = page.getByTestId('chapter-list');
    await list.waitFor();
    const chapters = list.locator('[data-testid^="chapter-"]');
    await expect(chapters.count()).resolves.toBe(5);
    // A chapter per phrase; the player's duration is the file's (whole seconds of speech and pauses).
    const phraseIds = await chapters.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.replace('chapter-', '')));
    expect(phraseIds).toEqual(['p001', 'p002', 'p003', 'p004', 'p005']);
    expect(audio.duration).toBeGreaterThan(10);

    // The list: the fourth phrase starts well into the track; the player jumps there.
    const fourth = page.getByTestId(`chapter-${phraseIds[3]}`);
    const fourthStart = Number(await fourth.getAttribute('data-start-ms')) / 1000;
    expect(fourthStart).toBeGreaterThan(5);
    await fourth.click();
    const afterList = await pollUntil(currentTime, (t) => t >= fourthStart - 0.05, 'the player to jump to the fourth chapter', 5_000);
    expect(afterList).toBeLessThan(fourthStart + 2);
    await pollUntil(
      () => fourth.getAttribute('aria-current'),
      (current) => current === 'true',
      'the fourth chapter to be marked as playing',
    );

    // The waveform's marker for the second phrase jumps back to it.
    const marker = page.getByTestId(`chapter-marker-${phraseIds[1]}`);
    const secondStart = Number(await marker.getAttribute('data-start-ms')) / 1000;
    await marker.click();
    const afterMarker = await pollUntil(currentTime, (t) => t >= secondStart - 0.05 && t < fourthStart - 0.5, 'the player to jump back to the second chapter', 5_000);
    expect(afterMarker).toBeLessThan(secondStart + 2);

    // Listen through: the same track, and the table's selection follows the phrase heard.
    await page.getByTestId('track-listen-drill-L02').click();
    await pollUntil(
      () => page.getByTestId('player-file').getAttribute('title'),
      (file) => file === 'tracks/drill/L02.wav',
      'the L02 track to load',
    );
    const l02Chapters = await page
      .locator('[data-testid^="chapter-marker-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.replace('chapter-marker-', '')));
    const third = l02Chapters[2]!;
    await page.getByTestId(`chapter-marker-${third}`).click();
    const course = sampleTwoLessons('x') as unknown as { phrases: Array<{ id: string; target: string }> };
    await pollUntil(
      () =>
        page
          .getByTestId('phrase-detail-target')
          .innerText()
          .catch(() => ''),
      (text) => text === course.phrases.find((phrase) => phrase.id === third)!.target,
      'the phrase detail to follow the track',
    );
  }, 180_000);

  it('shows QA flags as badges, in tooltips and through the QA filter, and exports the Anki deck', async () => {
    await open({ course: { json: qaCourse('qa-e2e') }, settings: { engine: 'offline', format: 'wav' } });
    await generate();
    // Flags come from the journal as the run ends.
    const runaway = page.getByTestId('cell-long-target');
    await pollUntil(
      () => runaway.getAttribute('data-qa'),
      (qa) => qa === 'runaway',
      'the runaway flag on long/target',
    );
    await expect(page.getByTestId('cell-marks-target').getAttribute('data-qa')).resolves.toBe('truncated');
    await expect(page.getByTestId('cell-ok-target').getAttribute('data-qa')).resolves.toBeNull();
    await expect(page.getByTestId('qa-long-target').isVisible()).resolves.toBe(true);
    const tooltip = (await runaway.getAttribute('title')) ?? '';
    expect(tooltip).toMatch(/Runaway: far longer than its text predicts/);
    expect(tooltip).toMatch(/speech 1\d\.\d s, expected about \d\.\d s/);
    await expect(page.getByTestId('qa-count').innerText()).resolves.toBe('2');

    // The QA filter: only the two flagged phrases remain.
    const qaChip = page.locator('label:has([data-testid="filter-qa"])');
    await qaChip.click();
    await pollUntil(
      () => page.locator('.tbody [role="row"]').count(),
      (rows) => rows === 2,
      'two rows under the QA filter',
    );
    await expect(page.getByTestId('row-ok').count()).resolves.toBe(0);
    await expect(page.getByTestId('row-long').count()).resolves.toBe(1);
    await expect(page.getByTestId('row-marks').count()).resolves.toBe(1);

    // The phrase detail shows the measured loudness and peak.
    await qaChip.click();
    await page.getByTestId('cell-ok-target').click();
    await expect(page.getByTestId('phrase-detail-loudness-target').innerText()).resolves.toMatch(/target: -1[78]\.\d LUFS · -\d+\.\d dBTP/);

    // Export Anki: the result names the files; the package opens as an Anki collection.
    await page.getByTestId('tab-tracks').click();
    await page.getByTestId('export-anki').click();
    const result = page.getByTestId('export-result');
    await result.waitFor({ timeout: 30_000 });
    await expect(result.getAttribute('data-notes')).resolves.toBe('3');
    const apkg = join(studio.outputDir, 'qa-e2e', 'exports', 'qa-e2e.apkg');
    await expect(page.getByTestId('export-path-0').innerText()).resolves.toBe(apkg);
    expect(existsSync(join(studio.outputDir, 'qa-e2e', 'exports', 'qa-e2e.csv'))).toBe(true);
    const unpacked = join(studio.work, 'apkg');
    expect(await unpackApkg(apkg, unpacked)).toContain('collection.anki2');
    await expect(sqlite(join(unpacked, 'collection.anki2'), 'select count(*) from notes')).resolves.toBe('3');
  }, 180_000);
});
