import { describe, expect, it } from 'vitest';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { buildSsml, escapeXml, rateToProsody } from '../../../electron/main/core/course/ssml';
import { fileNameFor } from '../../../electron/main/core/course/naming';
import { billableChars } from '../../../electron/main/core/course/billing';
import { CourseSchema, type Course } from '../../../shared/model/course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const frame = spanishForEnglishFrame();
const course: Course = CourseSchema.parse({
  ...frame,
  id: 'c',
  title: 'C',
  voices: { ...frame.voices, male: 'es-ES-AlvaroNeural' },
  phrases: [
    { id: 'p1', known: 'Tom & Jerry <3 "quotes" \'apos\'', target: 'Hola' },
    { id: 'p2', known: 'Two', target: 'Dos', overrides: { 'target-slow': { rate: 0.6, voice: 'male' } } },
  ],
});

describe('render plan', () => {
  it('expands every phrase x variant in course order, with the default file names', () => {
    const jobs = planRenders(course, { engine: 'offline', format: 'wav' });
    expect(jobs.map((job) => job.file)).toEqual(['p1_known.wav', 'p1_target.wav', 'p1_target-slow.wav', 'p2_known.wav', 'p2_target.wav', 'p2_target-slow.wav']);
    expect(jobs[2]).toMatchObject({ voice: 'es-ES-ElviraNeural', rate: 0.7, locale: 'es-ES', text: 'Hola' });
    expect(jobs[5]).toMatchObject({ voice: 'es-ES-AlvaroNeural', rate: 0.6 });
  });

  it('escapes text into SSML and carries the rate as prosody', () => {
    const [known] = planRenders(course, { engine: 'offline', format: 'wav' });
    expect(known!.ssml).toContain('<voice name="en-US-JennyNeural"><prosody rate="+0%">Tom &amp; Jerry &lt;3 &quot;quotes&quot; &apos;apos&apos;</prosody></voice>');
    expect(buildSsml({ text: 'a', voice: 'v', rate: 0.7, locale: 'es-ES' })).toContain('rate="-30%"');
    expect(rateToProsody(1.25)).toBe('+25%');
    expect(escapeXml('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('changes the key of exactly the renders an edit touches', () => {
    const before = planRenders(course, { engine: 'offline', format: 'wav' });
    const edited = structuredClone(course);
    edited.phrases[1]!.target = 'Dos, por favor';
    const after = planRenders(edited, { engine: 'offline', format: 'wav' });
    const changed = after.filter((job, i) => job.key !== before[i]!.key).map((job) => `${job.phraseId}/${job.variantId}`);
    expect(changed).toEqual(['p2/target', 'p2/target-slow']);
  });

  it('keys differ by engine and format, so switching never serves the wrong audio', () => {
    const keys = new Set((['offline', 'azure'] as const).flatMap((engine) => (['wav', 'mp3'] as const).map((format) => planRenders(course, { engine, format })[0]!.key)));
    expect(keys.size).toBe(4);
  });

  it('expands naming templates safely', () => {
    expect(fileNameFor('{lesson}/{index:03}_{phrase}_{variant}', { phrase: 'p1', variant: 'slow', lesson: 'L01', index: 7 }, 'mp3')).toBe('L01/007_p1_slow.mp3');
    expect(fileNameFor('../{phrase}', { phrase: '../../etc/passwd', variant: 'v', index: 1 }, 'wav')).toBe('_-..-etc-passwd.wav');
  });

  it('rejects a naming template that gives two renders the same file', () => {
    const clash = CourseSchema.parse({ ...course, output: { naming: '{phrase}' } });
    expect(() => planRenders(clash, { engine: 'offline', format: 'wav' })).toThrow(/include \{phrase\} and \{variant\}/);
  });

  it('counts billable characters, CJK twice', () => {
    expect(billableChars('abc') - billableChars('')).toBe(3);
    expect(billableChars('你好') - billableChars('')).toBe(4);
  });
});
