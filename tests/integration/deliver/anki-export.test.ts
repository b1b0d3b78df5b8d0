/**
 * Issue 11, point 3 through the real CLI: the .apkg opened as Anki opens it (a zip, read here by
 * python3's zipfile, holding an SQLite collection read by the sqlite3 tool), notes = phrases, the
 * media map complete, note guids stable across exports; the CSV with Anki's headers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import { makeCourse } from '../azure/azure-harness';
import { useCliWorkspace } from '../../support/cli-workspace';
import { sqlite, unpackApkg } from '../../support/deliverables-fixtures';
import { runGenerate } from '../../support/run-generate';

const work = useCliWorkspace('cas-anki-');

describe('--export anki', () => {
  it('writes an .apkg Anki opens (notes = phrases, media complete, stable guids) and a CSV with Anki headers', async () => {
    const base = makeCourse(3, { id: 'anki-test' });
    const course: Course = {
      ...base,
      phrases: base.phrases.map((phrase, index) => ({
        ...phrase,
        lesson: index < 2 ? 'Lesson 1' : 'Lesson 2',
        tags: ['greetings'],
        notes: index === 0 ? 'Informal <b>tú</b>' : index === 1 ? 'Anki plays [sound:x.mp3] written in any field' : undefined,
      })),
    };
    const file = await work.writeCourse(course, 'anki-test.json');
    const out = join(work.dir, 'out');
    const result = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3', '--export', 'anki']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.summary).toMatchObject({ exports: ['exports/anki-test.apkg', 'exports/anki-test.csv'] });

    const unpacked = join(work.dir, 'unpacked');
    const entries = await unpackApkg(join(out, 'exports/anki-test.apkg'), unpacked);
    expect(entries).toContain('collection.anki2');
    const media = JSON.parse(await readFile(join(unpacked, 'media'), 'utf8')) as Record<string, string>;
    expect(Object.values(media).sort()).toEqual(['p001_target-slow.mp3', 'p001_target.mp3', 'p002_target-slow.mp3', 'p002_target.mp3', 'p003_target-slow.mp3', 'p003_target.mp3']);
    for (const [number, name] of Object.entries(media)) {
      expect(entries, name).toContain(number);
      expect(Buffer.compare(await readFile(join(unpacked, number)), await readFile(join(out, name))), name).toBe(0);
    }

    const db = join(unpacked, 'collection.anki2');
    expect(await sqlite(db, 'PRAGMA integrity_check')).toBe('ok');
    expect(await sqlite(db, 'SELECT count(*) FROM notes')).toBe('3');
    expect(await sqlite(db, 'SELECT count(*) FROM cards')).toBe('3');
    const decks = JSON.parse(await sqlite(db, 'SELECT decks FROM col')) as Record<string, { name: string }>;
    expect(Object.values(decks).map((deck) => deck.name)).toContain(course.title);
    const models = JSON.parse(await sqlite(db, 'SELECT models FROM col')) as Record<string, { flds: Array<{ name: string }> }>;
    expect(Object.values(models)[0]!.flds.map((field) => field.name)).toEqual(['Known', 'Target', 'Audio', 'Lesson', 'Notes']);
    const first = (await sqlite(db, "SELECT flds || '|' || tags FROM notes ORDER BY id")).split('\n').find((row) => row.startsWith('Phrase 1'))!;
    const [known, target, audio, lesson, notes] = first.split('|')[0]!.split('\x1f');
    expect([known, lesson, notes]).toEqual(['Phrase 1', 'Lesson 1', 'Informal &lt;b&gt;tú&lt;/b&gt;']);
    expect(target).toBe(course.phrases[0]!.target);
    expect(audio).toBe('[sound:p001_target.mp3][sound:p001_target-slow.mp3]');
    expect(first.split('|')[1]).toBe(' Lesson_1 greetings ');
    // A course text that mentions a sound tag is shown, not played: every [sound:] is ours, in the media map.
    expect(await sqlite(db, "SELECT count(*) FROM notes WHERE flds LIKE '%Anki plays &#91;sound:x.mp3] written in any field%'")).toBe('1');
    const sounds = (await sqlite(db, 'SELECT flds FROM notes')).match(/\[sound:[^\]]+\]/g)!.map((ref) => ref.slice(7, -1));
    expect(sounds.every((name) => Object.values(media).includes(name))).toBe(true);

    const csv = await readFile(join(out, 'exports/anki-test.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 6)).toEqual([
      '#separator:tab',
      '#html:true',
      `#deck:${course.title}`,
      '#guid column:1',
      '#tags column:7',
      '#columns:GUID\tKnown\tTarget\tAudio\tLesson\tNotes\tTags',
    ]);
    expect(csv.trim().split('\n')).toHaveLength(6 + 3);

    // A re-export after editing a phrase keeps every guid: Anki updates the notes instead of duplicating.
    const guids = await sqlite(db, 'SELECT guid FROM notes ORDER BY guid');
    await work.writeCourse({ ...course, phrases: course.phrases.map((p) => (p.id === 'p002' ? { ...p, target: 'Otra frase distinta.' } : p)) }, 'anki-test.json');
    const again = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--format', 'mp3', '--export', 'anki']);
    expect(again.code, again.stderr).toBe(0);
    const unpackedAgain = join(work.dir, 'unpacked-again');
    await unpackApkg(join(out, 'exports/anki-test.apkg'), unpackedAgain);
    expect(await sqlite(join(unpackedAgain, 'collection.anki2'), 'SELECT guid FROM notes ORDER BY guid')).toBe(guids);
    expect(await sqlite(join(unpackedAgain, 'collection.anki2'), "SELECT count(*) FROM notes WHERE flds LIKE '%Otra frase distinta.%'")).toBe('1');
  }, 120_000);

  it('gives files that flatten to one media name distinct names: each note plays its own audio', async () => {
    // x/y_z_target.wav and x_y/z_target.wav both flatten to x_y_z_target.wav.
    const base = makeCourse(2, { id: 'anki-media' });
    const course: Course = {
      ...base,
      output: { naming: '{lesson}/{phrase}_{variant}' },
      phrases: [
        { ...base.phrases[0]!, id: 'y_z', lesson: 'x' },
        { ...base.phrases[1]!, id: 'z', lesson: 'x_y' },
      ],
    };
    const file = await work.writeCourse(course, 'anki-media.json');
    const out = join(work.dir, 'out-media');
    const result = await runGenerate([file, '--out', out, '--json', '--engine', 'offline', '--export', 'anki']);
    expect(result.code, result.stderr).toBe(0);
    const unpacked = join(work.dir, 'unpacked-media');
    await unpackApkg(join(out, 'exports/anki-media.apkg'), unpacked);
    const media = JSON.parse(await readFile(join(unpacked, 'media'), 'utf8')) as Record<string, string>;
    const names = Object.values(media);
    expect(names).toHaveLength(4);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(4);
    const rows = (await sqlite(join(unpacked, 'collection.anki2'), 'SELECT flds FROM notes')).split('\n');
    const soundsOf = (known: string): string[] =>
      rows
        .find((row) => row.startsWith(known))!
        .match(/\[sound:([^\]]+)\]/g)!
        .map((ref) => ref.slice(7, -1));
    const numberOf = (name: string): string => Object.entries(media).find(([, value]) => value === name)![0];
    for (const [phrase, known] of [
      ['y_z', 'Phrase 1'],
      ['z', 'Phrase 2'],
    ] as const) {
      const lesson = phrase === 'y_z' ? 'x' : 'x_y';
      const sounds = soundsOf(known);
      expect(sounds).toHaveLength(2);
      // Each sound is that phrase's own delivered file, byte for byte.
      for (const [index, variant] of ['target', 'target-slow'].entries())
        expect(Buffer.compare(await readFile(join(unpacked, numberOf(sounds[index]!))), await readFile(join(out, lesson, `${phrase}_${variant}.wav`)))).toBe(0);
    }
    // The CSV route: every [sound:] it names is in exports/{course}.media/ under that name, with that phrase's audio.
    const csv = await readFile(join(out, 'exports/anki-media.csv'), 'utf8');
    const csvSounds = [...csv.matchAll(/\[sound:([^\]]+)\]/g)].map((match) => match[1]!);
    expect(csvSounds.sort()).toEqual([...names].sort());
    expect((await readdir(join(out, 'exports/anki-media.media'))).sort()).toEqual([...names].sort());
    for (const name of names) expect(Buffer.compare(await readFile(join(out, 'exports/anki-media.media', name)), await readFile(join(unpacked, numberOf(name)))), name).toBe(0);
  }, 120_000);

  it('rejects an unknown export kind as bad usage', async () => {
    const result = await runGenerate(['x.json', '--export', 'quizlet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--export must be anki, got "quizlet"/);
  }, 30_000);
});
