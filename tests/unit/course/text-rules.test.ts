import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { type CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { rejectionOf } from '../../support/course-rejection';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

function course(phrase: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'T', phrases: [{ id: 'p001', known: 'Hello', target: 'Hola', ...phrase }], ...extra }, null, 2);
}

const rejection = (text: string, file = 'c.json'): CourseLoadError => rejectionOf(text, file);

describe('every text goes through the same validation', () => {
  it('an override text obeys the 5,000-character limit, like a phrase text', () => {
    const error = rejection(course({ overrides: { target: { text: 'a'.repeat(75_000) } } }));
    expect(error.issues[0]).toMatchObject({
      phraseId: 'p001',
      where: 'phrases[0] (id "p001").overrides.target.text',
      problem: 'phrase "p001": the override text for variant "target" has 75000 characters, over the limit of 5000',
    });
  });

  it('refuses NUL in a text, pointing the column at the character itself', () => {
    const text = course({ target: 'Ho\u0000la' });
    const error = rejection(text);
    const line = text.split('\n').findIndex((l) => l.includes('"target": "Ho')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('\\u0000') + 1;
    expect(error.issues[0]).toMatchObject({ line, column, phraseId: 'p001', problem: 'phrase "p001" has a control character U+0000 (NUL) at character 3 of its "target" text' });
  });

  it('refuses C0/C1 controls and lone surrogates in any string (title, lesson, tags, voices, override text)', () => {
    expect(rejection(course({}, { title: 'Bad\u0007' })).issues[0]?.problem).toBe('the title has a control character U+0007 (BEL) at character 4');
    expect(rejection(course({ lesson: 'L\u0085' })).issues[0]?.problem).toMatch(/lesson of phrase "p001" has a control character U\+0085/);
    expect(rejection(course({ tags: ['ok', 'b\u001bad'] })).issues[0]?.where).toBe('phrases[0] (id "p001").tags[1]');
    expect(rejection(course({ overrides: { known: { text: 'Hi \ud83d' } } })).issues[0]?.problem).toMatch(/lone UTF-16 surrogate \\uD83D at character 4 of its override text/);
    expect(rejection(course({ known: 'tab\there\u000bvt' })).issues[0]?.problem).toMatch(/U\+000B \(VERTICAL TAB\)/);
  });

  it('keeps tab and line breaks, right-to-left, zero-width and bidi marks, and emoji legal', () => {
    const { course: loaded } = parseCourseText(
      course({ known: 'Line one\nline\ttwo 👋', target: '\u200f¿Dónde\u200b está?\u200e שלום مرحبا \u202bx\u202c', notes: 'a\r\nb' }),
      'c.json',
    );
    expect(loaded.phrases[0]?.target).toContain('\u200b');
  });

  it('refuses a text with only punctuation (nothing an engine would say), and keeps symbols read aloud by name', () => {
    expect(rejection(course({ target: '¿...?' })).issues[0]).toMatchObject({
      phraseId: 'p001',
      where: 'phrases[0] (id "p001").target',
      problem: 'phrase "p001": the "target" text has nothing to speak: only punctuation ("¿...?")',
    });
    expect(rejection(course({ overrides: { known: { text: ' — ! ' } } })).issues[0]?.where).toBe('phrases[0] (id "p001").overrides.known.text');
    for (const text of ['50%', '$', '👋', '¿Sí?', '3']) expect(parseCourseText(course({ target: text }), 'c.json').course.phrases[0]?.target).toBe(text);
  });

  it('refuses a text made only of invisible characters', () => {
    expect(rejection(course({ target: '\u200b\u200f\ufeff' })).issues[0]?.problem).toBe(
      'phrase "p001": the "target" text has only invisible characters (zero-width or direction marks)',
    );
  });

  it('places absurd rates', () => {
    for (const rate of [0, -1, 1e9]) {
      const text = course({}, { variants: [{ id: 'known', text: 'known', voice: 'known', rate }] });
      const issue = rejection(text).issues[0];
      expect(issue?.where).toBe('variants[0] (id "known").rate');
      expect(issue?.line).toBe(text.split('\n').findIndex((l) => l.includes('"rate"')) + 1);
    }
    expect(rejection(course({}, { variants: [{ id: 'known', text: 'known', voice: 'known', rate: 'NaN' }] })).issues[0]?.problem).toMatch(/expected number/);
  });
});

describe('SSML-looking text is spoken literally', () => {
  it('escapes markup, entities and CDATA ends, so the text cannot become SSML', () => {
    const ssml = buildSsml({ text: '<break time="10s"/> &amp; ]]> <voice name=\'x\'>', voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES' });
    expect(ssml).toContain('&lt;break time=&quot;10s&quot;/&gt; &amp;amp; ]]&gt; &lt;voice name=&apos;x&apos;&gt;');
    expect(ssml.match(/<voice /g)).toHaveLength(1);
    expect(ssml).not.toContain('<break');
  });
});
