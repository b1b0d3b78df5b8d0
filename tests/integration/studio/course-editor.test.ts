import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

/** Written by hand, as a producer would: two-space indent, one phrase a line. */
const COURSE = `{
  "schema": "course/1",
  "id": "edited",
  "title": "Edited",
  "languages": { "target": "es-ES", "known": "en-US" },
  "voices": { "target": "es-ES-ElviraNeural", "known": "en-US-JennyNeural" },
  "variants": [
    { "id": "known", "text": "known", "voice": "known", "rate": 1 },
    { "id": "target", "text": "target", "voice": "target", "rate": 1 }
  ],
  "phrases": [
    { "id": "p001", "known": "Hello.", "target": "Hola." },
    { "id": "p002", "known": "Thank you.", "target": "Gracias." }
  ]
}
`;

describe('the course editor of a StudioService (real files, the offline engine)', () => {
  let dir: string;
  let studio: TestStudio;
  let service: StudioService;
  let events: MemorySink;

  beforeAll(async () => {
    events = new MemorySink();
    studio = await startTestStudio({ events, transport: 'electron', intervals: { watch: 50 } });
    ({ service, dir } = studio);
  });

  afterAll(async () => {
    await studio.close();
    // Conflicts are warned on purpose here; an error (or an event the contract refuses) is not.
    expect(studio.loggedErrors).toEqual([]);
  });

  const cells = async () => (await service.snapshot()).cells;

  it('an edit marks exactly its renders stale, is saved only on Save, exactly there, and undoes', async () => {
    const file = join(dir, 'course.json');
    await writeFile(file, COURSE);
    await service.openPath(file);
    for (const id of ['p001', 'p002']) for (const variant of ['known', 'target']) expect((await service.renderCell(id, variant)).status).toBe('done');

    const { state, phraseId } = await service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p002', field: 'target', value: 'Muchas gracias.' });
    expect(phraseId).toBe('p002');
    expect(state).toMatchObject({ dirty: true, saveable: true, undo: 'edit the target of p002', redo: null, stale: { renders: 1 } });
    expect(
      Object.entries(await cells())
        .filter(([, cell]) => cell.status === 'stale')
        .map(([id]) => id),
    ).toEqual(['p002/target']);
    expect(service.course.require().course.phrases[1]!.target).toBe('Muchas gracias.');
    expect(await readFile(file, 'utf8')).toBe(COURSE); // not saved yet
    expect(events.of('edit:changed').at(-1)).toMatchObject({ dirty: true });

    expect((await service.editor.save()).dirty).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(COURSE.replace('"target": "Gracias."', '"target": "Muchas gracias."'));

    // Undo restores the text, and the render on disk for it is current again.
    expect(await service.editor.undo()).toMatchObject({ dirty: true, undo: null, redo: 'edit the target of p002', stale: { renders: 0 } });
    expect(['cached', 'done']).toContain((await cells())['p002/target']?.status);
    expect(await service.editor.redo()).toMatchObject({ dirty: false, stale: { renders: 1 } });
  });

  it('refuses an edit the loader would refuse, with the loader message, and changes nothing', async () => {
    await expect(service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p001', field: 'known', value: '   ' })).rejects.toMatchObject({
      code: 'course-invalid',
      message: expect.stringMatching(/course\.json:\d+:\d+: phrases\[0\] \(id "p001"\)\.known: phrase "p001" has an empty "known" text\. Write the text/),
    });
    await expect(service.editor.applyPhraseEdit({ kind: 'delete', phraseId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    expect(service.course.require().course.phrases[0]!.known).toBe('Hello.');
  });

  it('adds, duplicates, moves and deletes phrases with fresh ids, as one undo step each', async () => {
    const added = await service.editor.applyPhraseEdit({ kind: 'add', afterPhraseId: 'p001' });
    expect(added.phraseId).toBe('p003');
    const copy = await service.editor.applyPhraseEdit({ kind: 'duplicate', phraseId: 'p001' });
    expect(copy.phraseId).toBe('p001-copy');
    await service.editor.applyPhraseEdit({ kind: 'move', phraseId: 'p002', by: -1 });
    expect(service.course.require().course.phrases.map((phrase) => phrase.id)).toEqual(['p001', 'p001-copy', 'p002', 'p003']);
    expect((await cells())['p003/target']?.status).toBe('pending');
    await service.editor.applyPhraseEdit({ kind: 'delete', phraseId: 'p001-copy' });
    await service.editor.undo();
    await service.editor.undo();
    await service.editor.undo();
    await service.editor.undo();
    expect(service.course.require().course.phrases.map((phrase) => phrase.id)).toEqual(['p001', 'p002']);
    expect(service.editor.state().dirty).toBe(false);
  });

  it('an outside change is reloaded when nothing is unsaved, and a conflict when something is', async () => {
    const file = join(dir, 'course.json');
    const saved = await readFile(file, 'utf8');
    // An editor's atomic save: a temp file renamed over the course.
    await writeFile(join(dir, '.tmp-save'), saved.replace('"Hello."', '"Hi there."'));
    await rename(join(dir, '.tmp-save'), file);
    await until(() => service.course.require().course.phrases[0]!.known === 'Hi there.');
    expect(service.editor.state()).toMatchObject({ dirty: false, conflict: null });
    expect((await cells())['p001/known']?.status).toBe('stale'); // the audio says "Hello."

    await service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p002', field: 'notes', value: 'mine' });
    const theirs = (await readFile(file, 'utf8')).replace('"Thank you."', '"Thanks."');
    await writeFile(file, theirs);
    await until(() => service.editor.state().conflict);
    await expect(service.editor.save()).rejects.toMatchObject({ code: 'busy' });
    expect(await readFile(file, 'utf8')).toBe(theirs);
    await expect(service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p002', field: 'notes', value: 'more' })).rejects.toMatchObject({ code: 'busy' });

    expect(await service.editor.resolveConflict('theirs')).toMatchObject({ dirty: false, conflict: null, undo: null });
    expect(service.course.require().course.phrases[1]).toEqual({ id: 'p002', known: 'Thanks.', target: 'Muchas gracias.' });

    await service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p002', field: 'notes', value: 'mine' });
    await writeFile(file, theirs.replace('"Thanks."', '"Thanks!"'));
    await until(() => service.editor.state().conflict);
    expect(await service.editor.resolveConflict('mine')).toMatchObject({ dirty: false, conflict: null });
    expect(await readFile(file, 'utf8')).toBe(theirs.replace('"Muchas gracias." }', '"Muchas gracias.", "notes": "mine" }'));
  });

  it('a save that finds the file changed (before the watcher saw it) writes nothing and raises the conflict', async () => {
    const file = join(dir, 'course.json');
    await service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p001', field: 'lesson', value: 'L1' });
    const theirs = (await readFile(file, 'utf8')).replace('"Edited"', '"Edited elsewhere"');
    await writeFile(file, theirs);
    const state = await service.editor.save(); // typically before the 50 ms debounce has passed
    if (!state.conflict) await until(() => service.editor.state().conflict);
    expect(await readFile(file, 'utf8')).toBe(theirs);
    await service.editor.resolveConflict('theirs');
  });

  it('a file deleted under unsaved edits is not silently recreated; keep mine writes it back', async () => {
    const file = join(dir, 'course.json');
    await service.editor.applyPhraseEdit({ kind: 'setText', phraseId: 'p001', field: 'notes', value: 'kept' });
    await rm(file);
    const state = await service.editor.save();
    expect(state.conflict?.message).toMatch(/course\.json was deleted or moved since the studio read it; your edits were not written over it\./);
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await service.editor.resolveConflict('mine')).toMatchObject({ conflict: null, dirty: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ phrases: [{ id: 'p001', notes: 'kept' }, { id: 'p002' }] });
  });

  it('a voice chosen for a CSV course is saved into its header lines', async () => {
    const file = join(dir, 'list.csv');
    const csv = '# title: List\n# target: es-ES\n# known: en-US\nid,known,target\nq1,Hi,Hola\n';
    await writeFile(file, csv);
    await service.openPath(file);
    const view = await service.assignVoice('target', 'es-ES-AlvaroNeural');
    expect(view.voices.target).toBe('es-ES-AlvaroNeural');
    expect(await readFile(file, 'utf8')).toBe('# title: List\n# target: es-ES\n# known: en-US\n# target-voice: es-ES-AlvaroNeural\nid,known,target\nq1,Hi,Hola\n');
    expect(service.editor.state().dirty).toBe(false);
  });
});
