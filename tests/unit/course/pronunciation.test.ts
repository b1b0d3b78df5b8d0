import { describe, expect, it } from 'vitest';
import { applyPronunciations, pronunciationsFor } from '../../../electron/main/core/course/pronunciation';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { CourseSchema, type Pronunciation } from '../../../shared/model/course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const ana: Pronunciation = { locale: 'es-ES', text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' };
const senor: Pronunciation = { text: 'Sr.', alias: 'señor' };

describe('pronunciation table', () => {
  it('compiles whole-word matches into <phoneme> and <sub>, escaping everything', () => {
    const table = pronunciationsFor([ana, senor], 'es-ES');
    expect(applyPronunciations('¡Hola, Ana! El Sr. Pérez & Ana.', table)).toBe(
      '¡Hola, <phoneme alphabet="ipa" ph="ˈana">Ana</phoneme>! El <sub alias="señor">Sr.</sub> Pérez &amp; <phoneme alphabet="ipa" ph="ˈana">Ana</phoneme>.',
    );
  });

  it('matches whole words only, across scripts (letters, digits, combining marks)', () => {
    const table = pronunciationsFor([ana], 'es-ES');
    for (const text of ['Anabel', 'Mariana', 'Ana2', 'Ana\u0301', 'ÁnAna', 'Ana_b'.replace('_', 'ñ')]) expect(applyPronunciations(text, table)).toBe(text);
    expect(applyPronunciations('(Ana)', table)).toContain('<phoneme');
    const japanese = pronunciationsFor([{ text: '東京', alias: 'とうきょう' }], 'ja-JP');
    expect(applyPronunciations('東京都', japanese)).toBe('東京都'); // a CJK letter follows: not a whole word
    expect(applyPronunciations('「東京」', japanese)).toContain('<sub alias="とうきょう">東京</sub>');
  });

  it('is case-sensitive unless the entry says ignoreCase', () => {
    expect(applyPronunciations('ana', pronunciationsFor([ana], 'es-ES'))).toBe('ana');
    expect(applyPronunciations('ANA', pronunciationsFor([{ ...ana, ignoreCase: true }], 'es-ES'))).toBe('<phoneme alphabet="ipa" ph="ˈana">ANA</phoneme>');
  });

  it('prefers the longest entry at a place, and applies entries of the render locale only', () => {
    const table = pronunciationsFor([ana, { locale: 'es-ES', text: 'Ana María', alias: 'Anamaría' }], 'es-es');
    expect(applyPronunciations('Ana María y Ana', table)).toBe('<sub alias="Anamaría">Ana María</sub> y <phoneme alphabet="ipa" ph="ˈana">Ana</phoneme>');
    expect(pronunciationsFor([ana, senor], 'en-US')).toEqual([senor]);
  });

  it('cannot inject markup through an entry', () => {
    const hostile = pronunciationsFor([{ text: 'x<y', alias: '"/><break time="9s"/>' }], 'es-ES');
    expect(applyPronunciations('a x<y b', hostile)).toBe('a <sub alias="&quot;/&gt;&lt;break time=&quot;9s&quot;/&gt;">x&lt;y</sub> b');
  });

  it('changes the render key of exactly the renders whose text contains the word', () => {
    const frame = spanishForEnglishFrame();
    const raw = {
      ...frame,
      id: 'c',
      title: 'C',
      phrases: [
        { id: 'p1', known: 'Ana is here', target: 'Ana está aquí' },
        { id: 'p2', known: 'Hello', target: 'Hola' },
      ],
    };
    const before = planRenders(CourseSchema.parse(raw), { engine: 'azure', format: 'wav' });
    const after = planRenders(CourseSchema.parse({ ...raw, pronunciations: [ana] }), { engine: 'azure', format: 'wav' });
    const changed = after.filter((job, index) => job.key !== before[index]!.key).map((job) => `${job.phraseId}/${job.variantId}`);
    // es-ES only: the English "Ana is here" keeps its key.
    expect(changed).toEqual(['p1/target', 'p1/target-slow']);
    expect(after[1]!.ssml).toContain('<phoneme alphabet="ipa" ph="ˈana">Ana</phoneme> está aquí');
  });
});
