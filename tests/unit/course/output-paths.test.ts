import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { namingTemplateFault, pathSegmentFault } from '../../../electron/main/core/course/output-paths';
import { fileNameFor } from '../../../electron/main/core/course/naming';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

function course(phrases: Array<Record<string, unknown>>, naming?: string): string {
  return JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'T', phrases, ...(naming ? { output: { naming } } : {}) }, null, 2);
}
const p = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, known: 'Hello', target: 'Hola', ...extra });

function rejection(text: string): CourseLoadError {
  try {
    parseCourseText(text, 'c.json');
  } catch (error) {
    if (error instanceof CourseLoadError) return error;
    throw error;
  }
  throw new Error('expected the course to be rejected');
}

describe('naming templates', () => {
  it('accepts the documented fields, including {index:03}', () => {
    for (const template of ['{phrase}_{variant}', '{lesson}/{index:03}_{phrase}_{variant}', 'audio/{index}-{variant}-{phrase}'])
      expect(namingTemplateFault(template), template).toBeUndefined();
    expect(fileNameFor('{index:03}_{phrase}_{variant}', { phrase: 'p', variant: 'v', index: 7 }, 'wav')).toBe('007_p_v.wav');
  });

  it.each([
    ['{phrase}_{foo}', 'unknown field "{foo}"', 'Known fields'],
    ['{index:3}_{phrase}_{variant}', 'unknown field "{index:3}"', 'Write {index:03}'],
    ['{phrase:03}_{variant}', 'unknown field "{phrase:03}"', 'Known fields'],
    ['{phrase_{variant}', 'a stray "{"', 'Fields are written in braces'],
    ['{phrase}}_{variant}', 'a stray "}"', 'Fields are written in braces'],
    ['{phrase}:{variant}', 'contains ":"', 'Use "-" or "_"'],
    ['{phrase}\\{variant}', 'contains "\\"', '"/" makes folders'],
  ])('refuses %s with the place of the template', (template, problem, hint) => {
    const text = course([p('p001')], template);
    const issue = rejection(text).issues[0];
    expect(issue?.problem).toContain(problem);
    expect(issue?.hint).toContain(hint);
    expect(issue).toMatchObject({ where: 'output.naming', line: text.split('\n').findIndex((l) => l.includes('"naming"')) + 1 });
  });
});

describe('output paths are checked when the course loads', () => {
  it('a collision names both phrases/variants and the file, at the template', () => {
    const error = rejection(course([p('p001'), p('p002')], '{phrase}'));
    expect(error.issues[0]?.problem).toBe('phrase "p001" / variant "known" and phrase "p001" / variant "target" would both be written as "p001.wav"');
    expect(error.issues[0]?.where).toBe('output.naming');
  });

  it('ids differing only by case collide on Windows and macOS', () => {
    const error = rejection(course([p('Hola'), p('hola')]));
    expect(error.issues[0]).toMatchObject({ phraseId: 'hola', where: 'phrases[1] (id "hola").id' });
    expect(error.issues[0]?.problem).toContain('would both be written as "Hola_known.wav" and "hola_known.wav", the same file where case is ignored');
  });

  it('so do names that differ only by Unicode normalization', () => {
    const error = rejection(course([p('p1', { lesson: 'Canci\u00f3n' }), p('p1b', { lesson: 'Cancio\u0301n' })], '{lesson}/{variant}'));
    expect(error.issues[0]?.problem).toContain('the same file where case is ignored');
  });

  it.each([
    ['CON', 'is reserved on Windows (CON)'],
    ['con.wav', 'is reserved on Windows (CON)'],
    ['LPT1', 'is reserved on Windows (LPT1)'],
    ['Lesson 1.', 'ends with a dot or a space'],
    ['x'.repeat(256), 'is 256 bytes long (file systems allow 255)'],
    ['ñ'.repeat(128), 'is 256 bytes long'],
  ])('refuses the name %s', (segment, problem) => {
    expect(pathSegmentFault(segment)).toContain(problem);
  });

  it('accepts ordinary and non-Latin names, and names that merely start like reserved ones', () => {
    for (const segment of ['p001_known.wav', 'CONSOLE.wav', 'Lección 1', '日本語_known.wav', 'ñ'.repeat(127)]) expect(pathSegmentFault(segment), segment).toBeUndefined();
  });

  it('refuses a lesson that makes a bad folder, naming the phrase and the file', () => {
    const error = rejection(course([p('p001'), p('p002', { lesson: 'aux' })], '{lesson}/{phrase}_{variant}'));
    expect(error.issues[0]).toMatchObject({ phraseId: 'p002', where: 'phrases[1] (id "p002")' });
    expect(error.issues[0]?.problem).toBe('phrase "p002" / variant "known" would be written as "aux/p002_known.wav": the name "aux" is reserved on Windows (AUX)');
  });

  it('lists at most a few path issues for a template that breaks every phrase', () => {
    const phrases = Array.from({ length: 500 }, (_, i) => p(`p${i}`, { lesson: 'nul' }));
    expect(rejection(course(phrases, '{lesson}/{phrase}_{variant}')).issues.length).toBeLessThanOrEqual(10);
  });
});

describe('lesson track paths are checked when the course loads, before anything is billed', () => {
  const drill = { id: 'drill', sequence: ['known', { pause: 1 }, 'target'] };
  const withTracks = (phrases: Array<Record<string, unknown>>, tracks: Array<Record<string, unknown>> = [drill]): string =>
    JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'T', phrases, tracks }, null, 2);

  it('two lessons that become one file name: the second would overwrite the first track', () => {
    const error = rejection(withTracks([p('p1', { lesson: 'a/b' }), p('p2', { lesson: 'a:b' })]));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ phraseId: 'p2', where: 'phrases[1] (id "p2").lesson' });
    expect(error.issues[0]?.problem).toBe('track "drill": lessons "a/b" and "a:b" would both be written as "tracks/drill/a-b.wav"; the second would overwrite the first');
  });

  it('lessons differing only by case or Unicode normalization are one file on Windows and macOS', () => {
    expect(rejection(withTracks([p('p1', { lesson: 'L1' }), p('p2', { lesson: 'l1' })])).issues[0]?.problem).toMatch(/the same file where case is ignored/);
    expect(rejection(withTracks([p('p1', { lesson: 'Lecci\u00f3n' }), p('p2', { lesson: 'Leccio\u0301n' })])).issues[0]?.problem).toMatch(/would both be written/);
  });

  it('a lesson name too long, or reserved on Windows, names the phrase; a reserved or case-twin track id names the track', () => {
    const long = rejection(withTracks([p('p1', { lesson: 'x'.repeat(300) })])).issues[0];
    expect(long).toMatchObject({ phraseId: 'p1', where: 'phrases[0] (id "p1").lesson' });
    expect(long?.problem).toMatch(/is 304 bytes long \(file systems allow 255\)$/);
    expect(rejection(withTracks([p('p1', { lesson: 'CON' })])).issues[0]?.problem).toMatch(/"CON.wav" is reserved on Windows/);
    expect(rejection(withTracks([p('p1')], [{ ...drill, id: 'aux' }])).issues[0]).toMatchObject({ where: 'tracks[0] (id "aux").id' });
    expect(rejection(withTracks([p('p1')], [drill, { ...drill, id: 'Drill' }])).issues[0]?.problem).toBe(
      'tracks "drill" and "Drill" would share one folder where case is ignored (Windows, macOS)',
    );
  });

  it('accepts lessons that only look alike, and a phrase without a lesson beside a lesson named otherwise', () => {
    expect(() => parseCourseText(withTracks([p('p1', { lesson: 'Unit 1.' }), p('p2', { lesson: 'Unit 1' }), p('p3')]), 'c.json')).not.toThrow();
    expect(() => parseCourseText(withTracks([p('p1', { lesson: 'CONSOLE' }), p('p2', { lesson: '日本語' })]), 'c.json')).not.toThrow();
  });
});
