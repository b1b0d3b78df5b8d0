import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import type { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { detectSeparator, separatorFromDirective } from '../../../electron/main/core/course/csv-separator';
import { rejectionOf } from '../../support/course-rejection';

/** The loader's refusal of a CSV course text. */
const rejection = (text: string): CourseLoadError => rejectionOf(text, 'list.csv');

const ROW = 'p001;Where is the library?;¿Dónde está la biblioteca?';

describe('CSV separators', () => {
  it('detects a semicolon header (European Excel) and says so, with the line', () => {
    const loaded = parseCourseText(`# target: es-ES\n# known: en-US\nid;known;target\n${ROW}\n`, 'list.csv');
    expect(loaded.course.phrases[0]?.target).toBe('¿Dónde está la biblioteca?');
    expect(loaded.warnings).toContain('list.csv:3: no "#separator:" line; the header is separated by semicolon ";", so the file is read with that separator');
  });

  it('reads Anki #separator: names and literal characters', () => {
    expect(['Semicolon', 'Tab', 'Comma', 'Pipe', 'tab', ';', '|', '\\t'].map(separatorFromDirective)).toEqual([';', '\t', ',', '|', '\t', ';', '|', '\t']);
    expect(separatorFromDirective('Banana')).toBeUndefined();
    const loaded = parseCourseText(`#separator:Tab\n# target: es-ES\n# known: en-US\nid\tknown\ttarget\np1\tHello, you\tHola\n`, 'list.csv');
    expect(loaded.course.phrases[0]?.known).toBe('Hello, you');
    expect(loaded.warnings.some((w) => w.includes('separator'))).toBe(false);
  });

  it('an unknown #separator: is refused at its line', () => {
    expect(rejection('# title: x\n#separator:Banana\nid,known,target\n').message).toMatch(/^list\.csv:2: unknown separator "Banana"\./);
  });

  it('parses the header as CSV: a quoted name with a comma is one column', () => {
    expect(detectSeparator('id,"known, translated",target', ',').columns).toEqual(['id', 'known, translated', 'target']);
    const error = rejection('id,"known, translated",target\np1,Hi,Hola\n');
    expect(error.message).toMatch(/^list\.csv:1: the header lacks the column "known" \(found "id", "known, translated", "target" reading with the separator comma ","\)/);
    expect(parseCourseText('"id","known","target","notes"\np1,"Hi, you",Hola,"a; b"\n', 'list.csv').course.phrases[0]).toMatchObject({ known: 'Hi, you', notes: 'a; b' });
  });
});

describe('CSV header lines', () => {
  it('warns with the line when "# target:" is given twice', () => {
    const loaded = parseCourseText(`# target: es-ES\n# known: en-US\n# target: es-MX\nid,known,target\np1,Hi,Hola\n`, 'list.csv');
    expect(loaded.warnings).toContain('list.csv:3: "# target:" is given twice (also line 1); using this one, "es-MX"');
    expect(loaded.course.languages.target).toBe('es-MX');
  });

  it('warns with the line when the header language contradicts the voice', () => {
    const loaded = parseCourseText(`# target: de-DE\n# known: en-US\n# target-voice: es-ES-ElviraNeural\nid,known,target\np1,Hi,Hallo\n`, 'list.csv');
    expect(loaded.warnings.find((w) => w.includes('es-ES-ElviraNeural'))).toMatch(/^list\.csv:3: voice "es-ES-ElviraNeural" \(es-ES\) speaks the target text, which is de-DE/);
  });

  it('places the voice where the CSV names it, for voice errors', () => {
    const loaded = parseCourseText(`# target: es-ES\n# known: en-US\n\n# target-voice: xx-XX-Nobody\nid,known,target\np1,Hi,Hola\n`, 'list.csv');
    expect(loaded.voicePlace?.('xx-XX-Nobody')).toBe('list.csv:4');
    expect(loaded.voicePlace?.('en-US-JennyNeural')).toBe('list.csv:2');
  });

  it('refuses an absurd # slow-rate: at its line', () => {
    for (const rate of ['0', '-1', '1e9', 'NaN', 'slow']) {
      expect(rejection(`# slow-rate: ${rate}\nid,known,target\np1,Hi,Hola\n`).message).toMatch(
        new RegExp(`^list\\.csv:1: "# slow-rate:": the rate must be a number from 0\\.5 to 2\\.0, got "${rate}"`),
      );
    }
  });
});

describe('voice places in JSON', () => {
  it('is the voices value, line and column', () => {
    const text =
      '{"schema":"course/1","id":"c","title":"T","languages":{"target":"es-ES","known":"en-US"},\n "voices": {"target": "xx-XX-Nobody", "known": "en-US-JennyNeural"},\n "variants":[{"id":"t","text":"target","voice":"target"}],"phrases":[{"id":"p","known":"a","target":"b"}]}';
    expect(parseCourseText(text, 'c.json').voicePlace?.('xx-XX-Nobody')).toBe('c.json:2:23');
  });
});

describe('voice language warnings in JSON', () => {
  const course = (target: string): string =>
    JSON.stringify(
      {
        schema: 'course/1',
        id: 'c',
        title: 'T',
        languages: { target: 'de-DE', known: 'en-US' },
        voices: { target, known: 'en-US-JennyNeural' },
        variants: [{ id: 't', text: 'target', voice: 'target' }],
        phrases: [{ id: 'p', known: 'a', target: 'b' }],
      },
      null,
      2,
    );
  it('warns at the voices value when a voice speaks another language, not for multilingual voices', () => {
    expect(parseCourseText(course('es-ES-ElviraNeural'), 'c.json').warnings).toEqual([
      'c.json:10:15: voice "es-ES-ElviraNeural" (es-ES) speaks the target text, which is de-DE (variant "t"); check "languages" and "voices"',
    ]);
    expect(parseCourseText(course('en-US-AvaMultilingualNeural'), 'c.json').warnings).toEqual([]);
    expect(parseCourseText(course('de-AT-IngridNeural'), 'c.json').warnings).toEqual([]);
  });
});
