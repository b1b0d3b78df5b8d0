/**
 * The masters cache and the folder lock in the studio's page (issue 10), in Debian's Chromium through
 * the bridge with the real offline engine: the Run tab shows the cache's size and what a run did
 * (rendered / from cache / written); after the course is edited, "Clean unused masters" asks with the
 * size to free and frees exactly the edited phrase's masters (measured on disk); while a real CLI run
 * (a child process) writes the folder, Generate says "<folder> is being written by another run (pid N,
 * started HH:MM)" and so does the Run tab. Each test opens its own studio (support/studio-fixture.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { masterPath } from '../../../electron/main/core/run/master-store';
import { holdFolderWithCli, type CliFolderHolder } from '../../support/cli-folder-holder';
import { prerequisite } from '../../support/prerequisites';
import { numberAttr, numberText, pollUntil } from './support/page-probes';
import { smallCourse } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

describe.skipIf(chromiumTool.missing)(chromiumTool.title('the masters cache and the folder lock (browser)'), () => {
  let cli: CliFolderHolder | undefined;
  let page: Page;

  const { open } = useStudioSession((opened) => (page = opened.page));
  const chooseCourse = async (json: object, name: string): Promise<void> => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open another course' }).click()]);
    await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  };
  const runTo = async (state: string): Promise<void> => {
    await page.getByTestId('tab-run').click();
    await pollUntil(
      () => page.getByTestId('run-state').getAttribute('data-state'),
      (s) => s === state,
      `the run to be ${state}`,
      60_000,
      100,
    );
  };

  // The CLI run a test started holds the folder: it is stopped after each test too.
  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
  });

  it('after an edit, Clean unused masters asks with the size and frees exactly the edited phrase’s masters', async () => {
    const course = smallCourse('edited', { phrases: 4 });
    const { outputDir } = await open({ course: { json: course } });
    const out = join(outputDir, 'edited');
    await page.getByTestId('generate').click();
    await runTo('finished');
    await expect(numberText(page.getByTestId('count-rendered'))).resolves.toBe(8);
    await expect(numberText(page.getByTestId('count-written'))).resolves.toBe(8);
    const size = page.getByTestId('masters-size');
    await pollUntil(
      () => numberAttr(size, 'data-count'),
      (n) => n === 8,
      'the cache to show 8 masters',
    );
    expect(await page.getByTestId('masters-clean').isDisabled()).toBe(true);
    expect(await numberAttr(size, 'data-unused-bytes')).toBe(0);

    // The masters of phrase s002's two renders, as the journal names them, and their size on disk.
    const journal = readFileSync(join(out, '.course-audio-studio', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { phrase: string; master: string });
    const old = journal.filter((entry) => entry.phrase === 's002').map((entry) => masterPath(join(out, '.course-audio-studio', 'masters'), entry.master));
    expect(old).toHaveLength(2);
    const oldBytes = old.reduce((sum, file) => sum + statSync(file).size, 0);
    const totalBefore = await numberAttr(size, 'data-bytes');

    // The edit: the producer changes phrase s002's text and opens the course again.
    const phrases = (course.phrases as Array<{ id: string; target: string }>).map((phrase) => (phrase.id === 's002' ? { ...phrase, target: 'Muchas gracias.' } : phrase));
    await chooseCourse({ ...course, phrases }, 'edited.json');
    await page.getByTestId('tab-run').click();
    await pollUntil(
      () => numberAttr(size, 'data-unused-bytes'),
      (bytes) => bytes === oldBytes,
      `the cache to show the ${oldBytes} bytes the edit left unused`,
    );

    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await page.getByTestId('masters-clean').click();
    await pollUntil(
      () => numberAttr(size, 'data-bytes'),
      (bytes) => bytes === totalBefore - oldBytes,
      'the cache to shrink by exactly the freed bytes',
    );
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/^Remove 2 unused masters and free \d+(\.\d)? KB\?/);
    for (const file of old) expect(() => statSync(file)).toThrow(/ENOENT/);
    expect(await numberAttr(size, 'data-count')).toBe(6);
    await page.getByTestId('toast-success').filter({ hasText: 'Removed 2 unused masters.' }).waitFor();
    // Delivered files are untouched (the next run replaces s002's files).
    for (const file of ['s001_target.wav', 's002_target.wav', 's004_slow.wav']) expect(statSync(join(out, file)).size).toBeGreaterThan(44);
  }, 120_000);

  it('while a CLI run writes the folder, Generate and the Run tab say who holds it and since when', async () => {
    const course = smallCourse('shared', { phrases: 2 });
    const { outputDir } = await open({ course: { json: course } });
    const out = join(outputDir, 'shared');
    cli = await holdFolderWithCli(course, out);
    const busy = new RegExp(`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being written by another run \\(pid ${cli.pid}, started \\d\\d:\\d\\d\\)`);

    await page.getByTestId('generate').click();
    const toast = page.getByTestId('toast-error');
    await toast.waitFor();
    await expect(toast.getByTestId('toast-detail').innerText()).resolves.toMatch(busy);
    await page.getByTestId('tab-run').click();
    await pollUntil(
      () => page.getByTestId('masters-busy').innerText(),
      (text) => busy.test(text),
      'the Run tab to name the other run',
    );
    expect(await page.getByTestId('run-state').getAttribute('data-state')).toBe('idle');

    // Once the other run is gone, Generate works.
    await cli.stop();
    cli = undefined;
    await page.getByTestId('generate').click();
    await runTo('finished');
    await expect(numberText(page.getByTestId('count-written'))).resolves.toBe(4);
    await pollUntil(
      () => page.getByTestId('masters-busy').count(),
      (n) => n === 0,
      'the busy line to go',
    );
  }, 120_000);
});
