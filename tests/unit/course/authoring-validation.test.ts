import { describe, expect, it } from 'vitest';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

function messagesOf(raw: Record<string, unknown>): string[] {
  const text = JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'C', ...raw }, null, 2);
  try {
    parseCourseText(text, 'course.json');
  } catch (error) {
    if (error instanceof CourseLoadError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('validation of pronunciations and delivery markup', () => {
  it('accepts the documented forms', () => {
    expect(
      messagesOf({
        phrases: [{ id: 'p1', known: 'Hi [pause 1s] [em]Ana[/em]', target: 'Hola', overrides: { target: { style: 'cheerful', styleDegree: 1.2, pitch: '+5%' } } }],
        pronunciations: [
          { locale: 'es-ES', text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' },
          { text: 'Sr.', alias: 'señor', ignoreCase: true },
        ],
      }),
    ).toEqual([]);
  });

  it('places a markup problem at its character, with the phrase id', () => {
    const messages = messagesOf({ phrases: [{ id: 'p1', known: 'Hi', target: 'Hola [em]Ana' }] });
    expect(messages).toEqual([
      expect.stringMatching(/^course\.json:\d+:\d+: phrases\[0\] \(id "p1"\)\.target: phrase "p1": the "target" text has "\[em\]" at character 6 is never closed\. Add \[\/em\]/),
    ]);
    const [, line, column] = /^course\.json:(\d+):(\d+)/.exec(messages[0]!)!;
    const source = JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'C', phrases: [{ id: 'p1', known: 'Hi', target: 'Hola [em]Ana' }] }, null, 2).split('\n');
    expect(source[Number(line) - 1]!.slice(Number(column) - 1)).toMatch(/^\[em\]Ana"/);
  });

  it('refuses a text that is only markup, a pause out of range, a bad pitch or style degree', () => {
    const messages = messagesOf({
      variants: [{ id: 'known', text: 'known', voice: 'known', rate: 1, pitch: 'high' }],
      phrases: [{ id: 'p1', known: '[pause 1s]', target: 'x' }],
    });
    expect(messages.join('\n')).toMatch(/variants\[0\] \(id "known"\)\.pitch: must be a relative pitch such as "\+5%"/);
    expect(messagesOf({ variants: [{ id: 'known', text: 'known', voice: 'known', styleDegree: 3 }], phrases: [{ id: 'p1', known: 'a', target: 'b' }] }).join('\n')).toMatch(
      /styleDegree: must be at most 2/,
    );
    expect(messagesOf({ variants: [{ id: 'known', text: 'known', voice: 'known' }], phrases: [{ id: 'p1', known: '[pause 1s]', target: 'x' }] }).join('\n')).toMatch(
      /phrase "p1": the "known" text is only markup, nothing would be said/,
    );
    expect(messagesOf({ variants: [{ id: 'known', text: 'known', voice: 'known' }], phrases: [{ id: 'p1', known: 'a [pause 30s]', target: 'x' }] }).join('\n')).toMatch(
      /the pause "\[pause 30s\]" at character 3 is out of range/,
    );
  });

  it('refuses a pronunciation with both or neither of phoneme and alias, duplicates, and control characters', () => {
    const messages = messagesOf({
      phrases: [{ id: 'p1', known: 'a', target: 'b' }],
      pronunciations: [{ text: 'Ana' }, { text: 'Sr.', alias: 'señor', phoneme: 'x' }, { text: 'Ana', alias: 'A' }, { text: 'B', alias: 'b\tb' }],
    }).join('\n');
    expect(messages).toMatch(/pronunciations\[0\]: the pronunciation of "Ana" needs exactly one of "phoneme" and "alias"/);
    expect(messages).toMatch(/pronunciations\[1\]: the pronunciation of "Sr\." needs exactly one/);
    expect(messages).toMatch(/pronunciations\[2\]\.text: the pronunciation of "Ana" repeats pronunciations\[0\]/);
    expect(messages).toMatch(/pronunciations\[3\]\.alias: the pronunciation of "B" has a control character U\+0009 \(TAB\)/);
  });
});
