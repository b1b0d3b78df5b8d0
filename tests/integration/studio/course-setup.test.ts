/**
 * The course-setup room with real files and the real offline engine: a setup change is validated by
 * the loader (its placed messages), saved into the producer's file (JSON: only the changed values;
 * CSV: `# key: value` header lines), and replanned so that exactly the renders it changes go Stale;
 * the impact (count, cost) is known before saving; a file edited elsewhere is never overwritten.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderCell } from '../../../shared/ipc/contract';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const TEXTS = ['Hola, Ana.', 'Buenos días.', 'Anabel llega.', 'Adiós, Ana.'];
const courseJson = (id: string): string =>
  JSON.stringify(
    {
      ...spanishForEnglishFrame(),
      id,
      title: 'Setup test',
      phrases: TEXTS.map((target, index) => ({ id: `p${index + 1}`, known: `Phrase ${index + 1}.`, target })),
    },
    null,
    4,
  ) + '\n';

describe('the course-setup room (real files, offline engine)', () => {
  let dir: string;
  let events: MemorySink;
  let studio: TestStudio;
  let service: StudioService;
  const statuses = async (): Promise<Record<string, RenderCell['status']>> =>
    Object.fromEntries(Object.entries((await service.snapshot()).cells).map(([id, cell]) => [id, cell.status]));
  const renderAll = async (): Promise<void> => {
    await service.startRun();
    await until(() => service.runView().state === 'finished');
    await until(() => service.liveSynthesizers() === 0 || service.runView().state === 'finished');
  };

  beforeAll(async () => {
    events = new MemorySink();
    studio = await startTestStudio({ events, transport: 'electron' });
    ({ service, dir } = studio);
    await service.updateSettings({ engine: 'offline', format: 'wav', maxConnections: 2 });
  });

  afterEach(() => {
    expect(studio.errors).toEqual([]);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('a pronunciation entry: its impact first, then exactly the renders holding the word go Stale; the file changes only there', async () => {
    const file = join(dir, 'json-course.json');
    const original = courseJson('setup-json');
    await writeFile(file, original);
    await service.openPath(file);
    await renderAll();
    expect(new Set(Object.values(await statuses()))).toEqual(new Set(['done']));

    const entry = { locale: 'es-ES', text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' as const };
    const impact = await service.setup.impact({ pronunciations: [entry] });
    const affected = ['p1/target', 'p1/target-slow', 'p4/target', 'p4/target-slow'];
    expect(impact).toMatchObject({ affected: 4, finished: 4, billableChars: null, costUsd: null });
    expect([...impact.cells].sort()).toEqual(affected);
    await service.updateSettings({ engine: 'azure' });
    const priced = await service.setup.impact({ pronunciations: [entry] });
    expect(priced.billableChars).toBeGreaterThan(0);
    expect(priced.costUsd).toBeGreaterThan(0);
    await service.updateSettings({ engine: 'offline' });
    expect(await readFile(file, 'utf8')).toBe(original); // an impact writes nothing

    const view = await service.setup.save({ pronunciations: [entry] });
    expect(view.pronunciations).toEqual([entry]);
    const after = await statuses();
    // (the others are done, or cached: the engine was switched there and back)
    for (const [id, status] of Object.entries(after))
      expect([id, affected.includes(id) ? status : status.replace('cached', 'done')]).toEqual([id, affected.includes(id) ? 'stale' : 'done']);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text).pronunciations).toEqual([entry]);
    expect(text.startsWith(original.replace(/\n}\n$/, ''))).toBe(true); // everything before is byte for byte the same
  });

  it('a change the loader refuses comes back with its place, and nothing is written', async () => {
    const file = join(dir, 'json-course.json');
    const before = await readFile(file, 'utf8');
    const { variants } = service.setup.view();
    const tooFast = variants.map((variant) => (variant.id === 'target-slow' ? { ...variant, rate: 3 } : variant));
    await expect(service.setup.save({ variants: tooFast })).rejects.toThrow(/json-course\.json:\d+:\d+: variants\[2\] \(id "target-slow"\)\.rate: must be at most 2\.0\./);
    await expect(service.setup.save({ languages: { target: 'spanish', known: 'en-US' } })).rejects.toThrow(/languages\.target: must be a locale such as "es-ES"/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('audition "use voice + rate for target-slow" saves both; only that variant and its role’s renders change', async () => {
    const file = join(dir, 'json-course.json');
    await renderAll();
    const view = await service.setup.useVoice({ variantId: 'target-slow', voice: 'es-ES-AlvaroNeural', rate: 0.8 });
    expect(view.voices.target).toBe('es-ES-AlvaroNeural');
    expect(view.variants.find((variant) => variant.id === 'target-slow')?.rate).toBe(0.8);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.voices.target).toBe('es-ES-AlvaroNeural');
    expect(saved.variants[2]).toEqual({ id: 'target-slow', text: 'target', voice: 'target', rate: 0.8 });
    const after = await statuses();
    for (const [id, status] of Object.entries(after)) expect([id, status.replace('cached', 'done')]).toEqual([id, id.endsWith('/known') ? 'done' : 'stale']);
  });

  it('a file edited elsewhere since it was opened is not overwritten', async () => {
    const file = join(dir, 'json-course.json');
    const edited = (await readFile(file, 'utf8')).replace('Buenos días.', 'Buenas tardes.');
    await writeFile(file, edited);
    await expect(service.setup.save({ title: 'Renamed' })).rejects.toMatchObject({
      code: 'io-error',
      message: expect.stringContaining('changed on disk since the studio read it'),
    });
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('a headerless German CSV gets its languages as "#" lines and reloads with the German voice', async () => {
    const file = join(dir, 'german.csv');
    const csv = 'id,known,target\nd1,Good morning.,Guten Morgen.\nd2,Thank you.,Danke.\n';
    await writeFile(file, csv);
    const opened = await service.openPath(file);
    expect(opened.languages.target).toBe('es-ES');
    expect(service.setup.view()).toMatchObject({ storage: 'csv', voices: { target: 'es-ES-ElviraNeural' } });
    events.events.length = 0;
    const { voices, variants } = service.setup.view();
    const view = await service.setup.save({ languages: { target: 'de-DE', known: 'en-US' }, voices, variants });
    expect(await readFile(file, 'utf8')).toBe(`# target: de-DE\n# known: en-US\n${csv}`);
    expect(view).toMatchObject({ languages: { target: 'de-DE' }, voices: { target: 'de-DE-KatjaNeural' } });
    const changed = events.of('course:changed').at(-1);
    expect(changed?.voices.target).toBe('de-DE-KatjaNeural');
    expect(changed?.warnings.join('\n')).not.toMatch(/assuming target/);

    // Audition's voice and rate for the slow variant become the CSV's own lines.
    await service.setup.useVoice({ variantId: 'target-slow', voice: 'de-DE-ConradNeural', rate: 0.6 });
    expect(await readFile(file, 'utf8')).toBe(`# target: de-DE\n# known: en-US\n# target-voice: de-DE-ConradNeural\n# slow-rate: 0.6\n${csv}`);
    // What a CSV cannot say is refused in a sentence, the file untouched.
    await expect(service.setup.save({ pronunciations: [{ text: 'Danke', alias: 'Dankeschön' }] })).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/german\.csv: a CSV phrase list cannot hold .*save the course as JSON/),
    });
  });

  it('auditions a pronunciation entry in the voice of a phrase that holds the word, or the word alone', async () => {
    const file = join(dir, 'audition.json');
    await writeFile(file, courseJson('setup-audition'));
    await service.openPath(file);
    const inPhrase = await service.setup.auditionEntry({ text: 'Ana', alias: 'Anita' });
    expect(inPhrase).toMatchObject({ phraseId: 'p1', voice: 'es-ES-ElviraNeural', text: 'Hola, Ana.' });
    expect(inPhrase.durationMs).toBeGreaterThan(200);
    const alone = await service.setup.auditionEntry({ text: 'Zaragoza', phoneme: 'θaɾaˈɣoθa' });
    expect(alone).toMatchObject({ phraseId: null, text: 'Zaragoza', voice: 'es-ES-ElviraNeural' });
    await expect(service.setup.auditionEntry({ text: 'Ana' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('needs exactly one of "phoneme" and "alias"'),
    });
  });
});
