import { describe, expect, it } from 'vitest';
import { RenderMemo } from '../../../electron/main/core/course/render-memo';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { CourseSchema, type Course } from '../../../shared/model/course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const frame = spanishForEnglishFrame();
const course: Course = CourseSchema.parse({
  ...frame,
  id: 'c',
  title: 'C',
  phrases: [
    { id: 'p1', known: 'Hello Ana', target: 'Hola Ana' },
    { id: 'p2', known: 'Two', target: 'Dos', overrides: { target: { pitch: '+5%' } } },
  ],
});

describe('RenderMemo', () => {
  it('plans exactly what a plan without it plans, before and after an edit', () => {
    const memo = new RenderMemo();
    for (const engine of ['offline', 'azure'] as const) {
      expect(planRenders(course, { engine, format: 'mp3', memo })).toEqual(planRenders(course, { engine, format: 'mp3' }));
    }
    const edited: Course = { ...course, phrases: [course.phrases[0]!, { ...course.phrases[1]!, target: 'Dos y tres' }] };
    expect(planRenders(edited, { engine: 'azure', format: 'mp3', memo })).toEqual(planRenders(edited, { engine: 'azure', format: 'mp3' }));
  });

  it('forgets its renders when the pronunciation table changes', () => {
    const memo = new RenderMemo();
    planRenders(course, { engine: 'azure', format: 'wav', memo });
    const withEntry: Course = { ...course, pronunciations: [{ locale: 'es-ES', text: 'Ana', phoneme: 'ˈana' }] };
    const jobs = planRenders(withEntry, { engine: 'azure', format: 'wav', memo });
    expect(jobs.find((job) => job.phraseId === 'p1' && job.variantId === 'target')?.ssml).toContain('<phoneme');
    expect(jobs).toEqual(planRenders(withEntry, { engine: 'azure', format: 'wav' }));
  });
});
