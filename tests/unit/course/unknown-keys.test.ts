import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const course = (extra: Record<string, unknown>, phrase: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'C', phrases: [{ id: 'p001', known: 'Hello.', target: 'Hola.', ...phrase }], ...extra }, null, 2);

const unknownKeyWarnings = (text: string): string[] => parseCourseText(text, 'course.json').warnings.filter((warning) => warning.includes('does not know'));

describe('keys the course format does not know', () => {
  it('warns at the key, with the known key a typo most likely meant, and keeps the course usable', () => {
    const text = course({ output: { format: 'mp3', mp3Bitrate: 96, silence: { leadMS: 50, tailMs: 200 } } }, { lessson: 'L01' });
    const warnings = unknownKeyWarnings(text);
    expect(warnings).toHaveLength(3);
    expect(warnings).toContainEqual(
      expect.stringMatching(/^course\.json:\d+:\d+: output has a key "mp3Bitrate" the course format does not know: it is ignored \(did you mean "bitrate"\?\)\.$/),
    );
    expect(warnings).toContainEqual(expect.stringMatching(/^course\.json:\d+:\d+: output\.silence has a key "leadMS" .* \(did you mean "leadMs"\?\)\.$/));
    expect(warnings).toContainEqual(expect.stringMatching(/^course\.json:\d+:\d+: phrases\[0\] \(id "p001"\) has a key "lessson" .* \(did you mean "lesson"\?\)\.$/));
    // The line points at the key itself.
    const line = Number(/^course\.json:(\d+):/.exec(warnings.find((warning) => warning.includes('mp3Bitrate'))!)![1]);
    expect(text.split('\n')[line - 1]).toContain('"mp3Bitrate"');
    // Ignored means the default stays in force, which is what the warning is for.
    expect(parseCourseText(text, 'course.json').course.output?.bitrate).toBeUndefined();
  });

  it('says nothing of known keys, nor of notes kept under "_" or "$" keys, and offers no far-fetched guess', () => {
    expect(unknownKeyWarnings(course({ output: { format: 'wav', loudness: false }, $schema: 'x', _comment: 'mine' }, { _note: 'n', tags: ['a'] }))).toEqual([]);
    const [warning] = unknownKeyWarnings(course({ author: 'Ana' }));
    expect(warning).toMatch(/the course has a key "author" the course format does not know: it is ignored\.$/);
  });

  it('looks inside tracks, variants, overrides and pronunciations too', () => {
    const frame = spanishForEnglishFrame();
    const text = course(
      {
        variants: [{ ...frame.variants[0]!, speed: 0.7 }, frame.variants[1]!],
        tracks: [{ id: 'drill', sequence: ['target'], betwen: { pause: 1 } }],
        pronunciations: [{ text: 'Hola', alias: 'Ola', ignorecase: true }],
      },
      { overrides: { target: { rate: 0.8, pitchh: '+5%' } } },
    );
    const warnings = unknownKeyWarnings(text).map((warning) => warning.replace(/^course\.json:\d+:\d+: /, ''));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^variants\[0\] .*has a key "speed"/),
        expect.stringMatching(/^tracks\[0\] .*has a key "betwen" .*did you mean "between"/),
        expect.stringMatching(/^pronunciations\[0\] .*has a key "ignorecase" .*did you mean "ignoreCase"/),
        expect.stringMatching(/overrides.*has a key "pitchh" .*did you mean "pitch"/),
      ]),
    );
  });
});
