import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../../electron/main/core/course/load-course';
import { applyJsonEdits } from '../../../../electron/main/core/course/edit/json-edits';
import { applyEditsToValue, type CourseEdit } from '../../../../electron/main/core/course/edit/course-edit';

// Tab-indented, one phrase per line, odd spacing: what a producer's own file looks like.
const COURSE = `{
\t"schema": "course/1",
\t"id": "c",   "title": "C",
\t"languages": {"target": "es-ES", "known": "en-US"},
\t"voices": {"target": "es-ES-ElviraNeural", "known": "en-US-JennyNeural"},
\t"variants": [{"id": "t", "text": "target", "voice": "target", "rate": 1}],
\t"phrases": [
\t\t{"id": "p1", "known": "Hi", "target": "Hola"},
\t\t{"id": "p2", "known": "Bye", "target": "Adiós", "notes": "informal"},
\t\t{"id": "p3", "known": "Thanks", "target": "Gracias"}
\t]
}
`;

const parsed = (text: string) => parseCourseText(text, 'course.json').course;

describe('JSON course edits', () => {
  it('changes a phrase text and nothing else in the file', () => {
    const after = applyJsonEdits(COURSE, [{ op: 'set', path: ['phrases', 1, 'target'], value: 'Hasta "luego"' }]);
    expect(after).toBe(COURSE.replace('"Adiós"', '"Hasta \\"luego\\""'));
    expect(parsed(after).phrases[1]!.target).toBe('Hasta "luego"');
  });

  it('adds, removes, moves and duplicates phrases; every other line stays as written', () => {
    const edits: CourseEdit[] = [
      { op: 'insert', path: ['phrases'], index: 1, value: { id: 'p1b', known: 'Hey', target: 'Ey' } },
      { op: 'remove', path: ['phrases', 3] }, // p3
      { op: 'move', path: ['phrases'], from: 0, to: 2 }, // p1 to the end
      { op: 'set', path: ['phrases', 0, 'tags'], value: ['greeting'] },
    ];
    const after = applyJsonEdits(COURSE, edits);
    expect(parsed(after).phrases).toEqual((applyEditsToValue(JSON.parse(COURSE), edits) as { phrases: unknown }).phrases);
    expect(parsed(after).phrases.map((phrase) => phrase.id)).toEqual(['p1b', 'p2', 'p1']);
    // The untouched lines keep their odd spacing and tabs.
    expect(after).toContain('\t"id": "c",   "title": "C",\n');
    expect(after).toContain('\t\t{"id": "p2", "known": "Bye", "target": "Adiós", "notes": "informal"}');
    expect(after).not.toMatch(/^ +\S/m); // new values are laid out with the file's tabs
  });

  it('removes an optional field with value undefined', () => {
    const after = applyJsonEdits(COURSE, [{ op: 'set', path: ['phrases', 1, 'notes'], value: undefined }]);
    expect(parsed(after).phrases[1]).toEqual({ id: 'p2', known: 'Bye', target: 'Adiós' });
    expect(after.split('\n').filter((line, index) => line !== COURSE.split('\n')[index])).toHaveLength(1);
  });

  it('keeps CRLF line endings', () => {
    const crlf = COURSE.replace(/\n/g, '\r\n');
    const after = applyJsonEdits(crlf, [{ op: 'insert', path: ['phrases'], index: 3, value: { id: 'p4', known: 'a', target: 'b' } }]);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(parsed(after).phrases).toHaveLength(4);
  });

  it('refuses an edit of something that is not there, or of text that is not JSON', () => {
    expect(() => applyJsonEdits(COURSE, [{ op: 'remove', path: ['phrases', 9] }])).toThrow(/no phrases\[9\]/);
    expect(() => applyJsonEdits(COURSE, [{ op: 'move', path: ['phrases'], from: 0, to: 3 }])).toThrow(/no item 0 -> 3/);
    expect(() => applyJsonEdits('{"phrases": [', [{ op: 'set', path: ['title'], value: 'x' }])).toThrow(/no longer valid JSON/);
  });
});
