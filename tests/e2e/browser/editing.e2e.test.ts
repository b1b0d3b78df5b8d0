/**
 * Editing the course in the table (issue 12): the real renderer in Debian Chromium through the bridge,
 * the real StudioService and offline engine, a course file on disk. An edit turns exactly its renders
 * stale, a re-render changes the audio (measured with ffprobe), Save changes the file exactly there,
 * an outside edit is picked up, a conflicting one is never written over, and a CSV keeps its header.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../../support/prerequisites';
import { pollUntil, waitForLoadedAudio } from './support/page-probes';
import { smallCourse, type Studio } from './support/studio-fixture';
import { useStudioSession } from './support/studio-session';

const chromiumTool = prerequisite('chromium');

/** Seconds of audio, as ffprobe (not the code under test) reads the file. */
function durationOf(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}

/** The lines of `after` that differ from `before` (same line count expected). */
function changedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const now = after.split('\n');
  expect(now).toHaveLength(old.length);
  return now.filter((line, index) => line !== old[index]);
}

/** As editors save: the new text in a temp file, renamed over the course. */
function saveLikeAnEditor(file: string, text: string): void {
  writeFileSync(`${file}.swp`, text);
  renameSync(`${file}.swp`, file);
}

describe.skipIf(chromiumTool.missing)(chromiumTool.title('editing the course in Chromium through the bridge'), () => {
  let studio: Studio;
  let page: Page;
  const session = useStudioSession((opened) => {
    studio = opened;
    page = opened.page;
  });

  const status = (phraseId: string, variantId: string) => page.getByTestId(`cell-${phraseId}-${variantId}`).getAttribute('data-status');
  const statuses = () =>
    page.locator('[data-testid^="cell-"][data-status]').evaluateAll((els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-testid'), el.getAttribute('data-status')])));
  const editText = async (phraseId: string, field: string, value: string): Promise<void> => {
    await page.getByTestId(`text-${phraseId}-${field}`).dblclick();
    const input = page.getByTestId(`edit-${phraseId}-${field}`);
    await input.fill(value);
    await input.press('Enter');
    await page.getByTestId(`text-${phraseId}-${field}`).waitFor();
  };

  it('edits a target text: exactly its renders go stale, re-rendering changes the audio, Save changes the file exactly there', async () => {
    const original = `${JSON.stringify(smallCourse('edit-target', { phrases: 4 }), null, 2)}\n`;
    const file = await session.openFile('course.json', original, { rendered: true });
    const before = await statuses();
    expect(new Set(Object.values(before))).toEqual(new Set(['done']));
    const wav = join(studio.outputDir, 'edit-target', (await studio.bridge.service.preview('s002', 'target')).file);
    const bytesBefore = readFileSync(wav);
    const secondsBefore = durationOf(wav);

    await editText('s002', 'target', 'Muchas gracias por todo, amigo mío.');
    await expect(page.getByTestId('text-s002-target').innerText()).resolves.toBe('Muchas gracias por todo, amigo mío.');
    // Exactly the two renders that speak this text (normal and slow) are stale; nothing else changed.
    await pollUntil(status.bind(null, 's002', 'slow'), (s) => s === 'stale', 'the slow render to go stale');
    const after = await statuses();
    const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
    expect(changed.sort()).toEqual(['cell-s002-slow', 'cell-s002-target']);
    expect(new Set(changed.map((id) => after[id]))).toEqual(new Set(['stale']));
    await expect(page.getByTestId('stale-cost').innerText()).resolves.toMatch(/^2 renders stale/);
    await expect(page.getByTestId('save-status').innerText()).resolves.toBe('Unsaved changes');
    expect(readFileSync(file, 'utf8')).toBe(original); // nothing written before Save

    await page.keyboard.press('Control+s');
    await pollUntil(
      () => page.getByTestId('save-status').innerText(),
      (text) => text === 'Saved',
      'the save',
    );
    expect(changedLines(original, readFileSync(file, 'utf8'))).toEqual(['      "target": "Muchas gracias por todo, amigo mío."']);

    // One click re-renders the phrase's stale renders and plays it.
    await page.getByTestId('text-s002-target').click();
    await page.getByTestId('rerender-phrase').click();
    await pollUntil(statuses, (cells) => cells['cell-s002-target'] === 'done' && cells['cell-s002-slow'] === 'done', 'the re-render', 30_000);
    const audio = await waitForLoadedAudio(page, 'player-audio');
    expect(audio.src).toContain('/audio/');
    await expect(page.getByTestId('player-file').innerText()).resolves.toContain('s002');
    await pollUntil(
      () => page.getByTestId('stale-cost').count(),
      (n) => n === 0,
      'no stale renders left',
    );
    // The audio changed: other bytes, and the longer sentence lasts longer (ffprobe's reading).
    expect(readFileSync(wav).equals(bytesBefore)).toBe(false);
    expect(durationOf(wav)).toBeGreaterThan(secondsBefore + 0.5);

    // Undo brings the old text back; its earlier render is not on disk any more, so it is stale again.
    await page.getByTestId('course-table').focus();
    await page.keyboard.press('Control+z');
    await pollUntil(
      () => page.getByTestId('text-s002-target').innerText(),
      (text) => text === 'Gracias.',
      'the undo',
    );
    await expect(page.getByTestId('save-status').innerText()).resolves.toBe('Unsaved changes');
  });

  it('adds, duplicates, moves and deletes phrases from the phrase actions, saved to the file', async () => {
    const original = `${JSON.stringify(smallCourse('rows', { phrases: 3 }), null, 2)}\n`;
    const file = await session.openFile('course.json', original, { rendered: false });
    await page.getByTestId('text-s002-known').click();
    await page.getByTestId('phrase-add').click();
    // The new phrase's target opens for typing.
    const input = page.getByTestId('edit-s004-target');
    await input.waitFor();
    await input.fill('Nuevo.');
    await input.press('Enter');
    await pollUntil(
      () => page.getByTestId('text-s004-target').innerText(),
      (text) => text === 'Nuevo.',
      'the new phrase',
    );
    await page.getByTestId('phrase-up').click();
    await page.getByTestId('phrase-tags').click();
    await page.getByTestId('phrase-tags-input').fill('new, basic');
    await page.getByTestId('phrase-tags-input').press('Enter');
    await pollUntil(
      () => page.getByTestId('phrase-tags').innerText(),
      (text) => text === 'new basic',
      'the tags',
    );
    await page.getByTestId('text-s001-known').click();
    await page.getByTestId('phrase-delete').click();
    await pollUntil(
      () => page.locator('.tbody [role="row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid'))),
      (ids) => ids.join() === 'row-s004,row-s002,row-s003',
      'the rows in their new order',
    );
    await page.getByTestId('save').click();
    await pollUntil(
      () => page.getByTestId('save-status').innerText(),
      (text) => text === 'Saved',
      'the save',
    );
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { phrases: Array<{ id: string; target: string; tags?: string[] }> };
    expect(saved.phrases.map((phrase) => `${phrase.id}:${phrase.target}`)).toEqual(['s004:Nuevo.', 's002:Gracias.', 's003:Buenos días.']);
    expect(saved.phrases[0]!.tags).toEqual(['new', 'basic']);
  });

  it('picks up an outside edit of the file, and turns what it changed stale', async () => {
    const original = `${JSON.stringify(smallCourse('outside', { phrases: 3 }), null, 2)}\n`;
    const file = await session.openFile('course.json', original, { rendered: true });
    saveLikeAnEditor(file, original.replace('"Hola."', '"Hola, ¿qué tal?"'));
    await pollUntil(
      () => page.getByTestId('text-s001-target').innerText(),
      (text) => text === 'Hola, ¿qué tal?',
      'the outside edit',
    );
    await pollUntil(status.bind(null, 's001', 'target'), (s) => s === 'stale', 'its render to go stale');
    await expect(status('s002', 'target')).resolves.toBe('done');
    await expect(page.getByTestId('save-status').innerText()).resolves.toBe('Saved');
  });

  it('never writes over a conflicting outside edit: the producer takes theirs, or writes mine over it', async () => {
    const original = `${JSON.stringify(smallCourse('conflict', { phrases: 3 }), null, 2)}\n`;
    const file = await session.openFile('course.json', original, { rendered: false });
    await editText('s003', 'known', 'Mine.');
    const theirs = original.replace('"Phrase 1."', '"Theirs."');
    saveLikeAnEditor(file, theirs);
    await page.getByTestId('conflict-banner').waitFor();
    await expect(page.getByTestId('save').isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Control+s'); // refused, with the reason in a toast
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(file, 'utf8')).toBe(theirs);

    await page.getByTestId('conflict-theirs').click();
    await pollUntil(
      () => page.getByTestId('conflict-banner').count(),
      (n) => n === 0,
      'the banner to go',
    );
    await expect(page.getByTestId('text-s001-known').innerText()).resolves.toBe('Theirs.');
    await expect(page.getByTestId('text-s003-known').innerText()).resolves.toBe('Phrase 3.');
    expect(readFileSync(file, 'utf8')).toBe(theirs);

    await editText('s003', 'known', 'Mine again.');
    const theirsAgain = theirs.replace('"Phrase 2."', '"Theirs too."');
    saveLikeAnEditor(file, theirsAgain);
    await page.getByTestId('conflict-banner').waitFor();
    expect(readFileSync(file, 'utf8')).toBe(theirsAgain);
    await page.getByTestId('conflict-mine').click();
    await pollUntil(
      () => page.getByTestId('save-status').innerText(),
      (text) => text === 'Saved',
      'mine saved',
    );
    // Mine is the file as the studio had it (their first change, taken) plus my edit: only by the producer's choice.
    expect(changedLines(theirs, readFileSync(file, 'utf8'))).toEqual(['      "known": "Mine again.",']);
  });

  it('edits a CSV course: its header lines and column order stay, only the edited row changes', async () => {
    const csv = [
      '# title: Greetings',
      '# target: es-ES',
      '# known: en-US',
      '# slow-rate: 0.8',
      'id;target;known;notes',
      'g1;Hola;Hello;',
      'g2;"Buenas; noches";Good night;evening',
      '',
    ].join('\n');
    const file = await session.openFile('greetings.csv', csv, { rendered: false });
    // The keyboard way: Enter on a focused text opens it, Esc gives up what was typed.
    await page.getByTestId('text-g2-target').click();
    await page.keyboard.press('Enter');
    await page.getByTestId('edit-g2-target').waitFor();
    await page.keyboard.type(' nada');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('text-g2-target').innerText()).resolves.toBe('Buenas; noches');
    await expect(page.getByTestId('save-status').innerText()).resolves.toBe('Saved');
    await editText('g1', 'target', 'Hola, "amigo"');
    await page.keyboard.press('Control+s');
    await pollUntil(
      () => page.getByTestId('save-status').innerText(),
      (text) => text === 'Saved',
      'the save',
    );
    expect(changedLines(csv, readFileSync(file, 'utf8'))).toEqual(['g1;"Hola, ""amigo""";Hello;']);
    expect(statSync(file).size).toBeGreaterThan(csv.length);
  });
});
