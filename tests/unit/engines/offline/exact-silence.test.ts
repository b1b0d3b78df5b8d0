/**
 * A variant's exact leading / trailing silence: in the SSML as Azure's <mstts:silence> (absent when not
 * asked, so older renders keep their keys), validated by the loader, and put into eSpeak's PCM exactly.
 */
import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../../electron/main/core/course/load-course';
import { buildSsml } from '../../../../electron/main/core/course/ssml';
import { exactSilenceOf, withExactSilence } from '../../../../electron/main/core/engines/offline/exact-silence';
import { spanishForEnglishFrame } from '../../../support/course-fixtures';

describe('exact silence', () => {
  it('reaches the SSML only when asked for', () => {
    const plain = buildSsml({ text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES' });
    expect(plain).not.toContain('mstts:silence');
    const padded = buildSsml({ text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES', leadingSilenceMs: 250, trailingSilenceMs: 0 });
    expect(padded).toContain('<voice name="es-ES-ElviraNeural"><mstts:silence type="Leading-exact" value="250ms"/><mstts:silence type="Tailing-exact" value="0ms"/><prosody');
    expect(exactSilenceOf(padded)).toEqual({ leadingMs: 250, trailingMs: 0 });
    expect(exactSilenceOf(plain)).toEqual({});
  });

  it('replaces eSpeak’s quiet edges with exactly that many samples of silence', () => {
    const speech = Int16Array.from([0, 3, -5, 0, 900, -1200, 800, 2, 0, 0]);
    const out = withExactSilence(speech, 1000, { leadingMs: 3, trailingMs: 2 });
    expect([...out]).toEqual([0, 0, 0, 900, -1200, 800, 0, 0]);
    expect([...withExactSilence(speech, 1000, { trailingMs: 1 })]).toEqual([0, 3, -5, 0, 900, -1200, 800, 0]);
    expect(withExactSilence(speech, 1000, {})).toBe(speech);
  });

  it('is validated by the loader with its place', () => {
    const course = { ...spanishForEnglishFrame(), id: 'c', title: 'C', phrases: [{ id: 'p1', known: 'Hi', target: 'Hola' }] };
    course.variants[2] = { ...course.variants[2]!, trailingSilenceMs: 6000 } as (typeof course.variants)[number];
    const text = JSON.stringify(course, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"trailingSilenceMs": 6000')) + 1;
    expect(() => parseCourseText(text, 'c.json')).toThrow(`c.json:${line}:7: variants[2] (id "target-slow").trailingSilenceMs: must be at most 5000 ms.`);
  });
});
