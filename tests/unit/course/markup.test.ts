import { describe, expect, it } from 'vitest';
import { billableChars, billableSsmlChars } from '../../../electron/main/core/course/billing';
import { parseMarkup, spokenText } from '../../../electron/main/core/course/markup';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { buildSsml, compileText } from '../../../electron/main/core/course/ssml';
import { CourseSchema } from '../../../shared/model/course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

describe('delivery markup', () => {
  it('compiles pauses and emphasis, and leaves every other bracket as escaped text', () => {
    expect(compileText('Hola [pause 500ms] amigo [pause 1.5s][em]muy[/em] bien')).toBe('Hola <break time="500ms"/> amigo <break time="1500ms"/><emphasis>muy</emphasis> bien');
    expect(compileText('[pause soon] [b]x[/b] <em> [pause 1 s] [PAUSE 1s]')).toBe('[pause soon] [b]x[/b] &lt;em&gt; [pause 1 s] [PAUSE 1s]');
  });

  it('reports markup it cannot use, with its place, and speaks it as text', () => {
    const unclosed = parseMarkup('a [em]b');
    expect(unclosed.problems).toEqual([expect.objectContaining({ at: 2, problem: '"[em]" at character 3 is never closed' })]);
    expect(spokenText(unclosed.nodes)).toBe('a [em]b');
    expect(parseMarkup('x [/em]').problems[0]).toMatchObject({ at: 2 });
    expect(parseMarkup('[em]a [em]b[/em]').problems[0]).toMatchObject({ at: 6 });
    expect(parseMarkup('[pause 21s]').problems[0]?.problem).toMatch(/out of range/);
    expect(compileText('[pause 0ms]')).toBe('[pause 0ms]');
  });

  it('puts style, style degree and pitch around the text, and leaves a plain render byte for byte as before', () => {
    expect(buildSsml({ text: 'Hola', voice: 'v', rate: 1, locale: 'es-ES' })).toBe(
      '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="es-ES"><voice name="v"><prosody rate="+0%">Hola</prosody></voice></speak>',
    );
    expect(buildSsml({ text: 'Hola', voice: 'v', rate: 0.7, locale: 'es-ES', style: 'cheerful', styleDegree: 1.5, pitch: '+5%' })).toContain(
      '<voice name="v"><mstts:express-as style="cheerful" styledegree="1.5"><prosody rate="-30%" pitch="+5%">Hola</prosody></mstts:express-as></voice>',
    );
  });

  it('takes style and pitch from the variant, a phrase override winning', () => {
    const frame = spanishForEnglishFrame();
    const variants = frame.variants.map((variant) => (variant.id === 'target' ? { ...variant, style: 'cheerful', pitch: '-5%' } : variant));
    const course = CourseSchema.parse({
      ...frame,
      variants,
      id: 'c',
      title: 'C',
      phrases: [
        { id: 'p1', known: 'a', target: 'b' },
        { id: 'p2', known: 'a', target: 'b', overrides: { target: { style: 'sad', styleDegree: 2 } } },
      ],
    });
    const jobs = planRenders(course, { engine: 'azure', format: 'wav' });
    expect(jobs[1]!.ssml).toContain('<mstts:express-as style="cheerful"><prosody rate="+0%" pitch="-5%">b</prosody>');
    expect(jobs[4]!.ssml).toContain('<mstts:express-as style="sad" styledegree="2"><prosody rate="+0%" pitch="-5%">b</prosody>');
    expect(jobs[2]!.ssml).not.toContain('express-as');
  });

  it('bills the markup inside <voice> (tags included), an escape as one character', () => {
    const plain = buildSsml({ text: 'Tom & Jerry', voice: 'v', rate: 1, locale: 'en-US' });
    expect(billableSsmlChars(plain)).toBe(billableChars('Tom & Jerry'));
    const marked = buildSsml({ text: 'Hola [pause 500ms] amigo', voice: 'v', rate: 1, locale: 'es-ES', style: 'cheerful' });
    const inside = '<mstts:express-as style="cheerful"><prosody rate="+0%">Hola <break time="500ms"/> amigo</prosody></mstts:express-as>';
    expect(billableSsmlChars(marked)).toBe(inside.length);
    expect(billableSsmlChars(buildSsml({ text: '東京', voice: 'v', rate: 1, locale: 'ja-JP' }))).toBe(billableChars('東京'));
  });
});
