import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../../electron/main/core/course/load-course';
import { applyCsvEdits } from '../../../../electron/main/core/course/edit/csv-edits';

const CSV = [
  '# title: Spanish basics',
  '#separator:Semicolon',
  '# target: es-ES',
  '# known: en-US',
  'id;target;known;source;notes', // own column order plus a column the import ignores
  'p1;Hola;Hello;book 1;',
  'p2;"Adiós; hasta luego";"Bye ""for now""";book 2;informal',
  'p3;Gracias;Thanks;;',
  '',
].join('\n');

const FILE = 'basics.csv';
const parsed = (text: string) => parseCourseText(text, FILE).course;

describe('CSV course edits', () => {
  it('rewrites only the edited row; header lines, column order, quoting and other rows stay as written', () => {
    const after = applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['phrases', 2, 'target'], value: 'Muchas gracias' }]);
    expect(after).toBe(CSV.replace('p3;Gracias;Thanks;;', 'p3;Muchas gracias;Thanks;;'));
    expect(parsed(after).phrases[2]!.target).toBe('Muchas gracias');
  });

  it('quotes what needs quoting and keeps the extra column of a changed row', () => {
    const after = applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['phrases', 0, 'known'], value: ' Hi; "there"\nfriend' }]);
    expect(after).toContain('p1;Hola;" Hi; ""there""\nfriend";book 1;');
    expect(parsed(after).phrases[0]!.known).toBe(' Hi; "there"\nfriend');
    expect(parsed(after).phrases[1]).toEqual({ id: 'p2', target: 'Adiós; hasta luego', known: 'Bye "for now"', notes: 'informal' });
  });

  it('adds, deletes and moves rows under the same header lines', () => {
    const after = applyCsvEdits(CSV, FILE, [
      { op: 'insert', path: ['phrases'], index: 1, value: { id: 'p1b', known: 'Hey', target: 'Ey' } },
      { op: 'remove', path: ['phrases', 2] },
      { op: 'move', path: ['phrases'], from: 2, to: 0 },
    ]);
    expect(after.split('\n').slice(0, 5)).toEqual(CSV.split('\n').slice(0, 5));
    expect(after.split('\n').slice(5)).toEqual(['p3;Gracias;Thanks;;', 'p1;Hola;Hello;book 1;', 'p1b;Ey;Hey;;', '']);
  });

  it('adds a column at the end of the header when a phrase gets a lesson', () => {
    const after = applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['phrases', 1, 'lesson'], value: 'L2' }]);
    expect(after.split('\n')[4]).toBe('id;target;known;source;notes;lesson');
    expect(parsed(after).phrases.map((phrase) => phrase.lesson)).toEqual([undefined, 'L2', undefined]);
  });

  it('saves a voice into a "# key:" line: a new one above the header, an existing one in place', () => {
    const voiced = applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['voices', 'target'], value: 'es-ES-AlvaroNeural' }]);
    expect(voiced.split('\n').slice(0, 6)).toEqual([...CSV.split('\n').slice(0, 4), '# target-voice: es-ES-AlvaroNeural', 'id;target;known;source;notes']);
    expect(parsed(voiced).voices.target).toBe('es-ES-AlvaroNeural');
    const again = applyCsvEdits(voiced, FILE, [{ op: 'set', path: ['voices', 'target'], value: 'es-ES-ElviraNeural' }]);
    expect(again).toBe(voiced.replace('AlvaroNeural', 'ElviraNeural'));
    const titled = applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['title'], value: 'Spanish 1' }]);
    expect(titled).toBe(CSV.replace('# title: Spanish basics', '# title: Spanish 1'));
  });

  it('refuses what a CSV cannot hold, saying so', () => {
    expect(() => applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['phrases', 0, 'overrides'], value: { t: { rate: 0.8 } } }])).toThrow(
      /cannot hold the phrase field "overrides" \(phrases\[0\]\.overrides\); save the course as JSON/,
    );
    expect(() => applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['voices', 'narrator'], value: 'x' }])).toThrow(/cannot hold this course setting/);
    expect(() => applyCsvEdits(CSV, FILE, [{ op: 'set', path: ['phrases', 0, 'tags'], value: ['two words'] }])).toThrow(/a tag with a space/);
  });
});
