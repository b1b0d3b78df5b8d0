import { describe, expect, it } from 'vitest';
import { CourseSchema } from '../../../shared/model/course';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { synthesisOrder, voiceGroupedOrder } from '../../../electron/main/core/run/synthesis-order';

const course = CourseSchema.parse({
  schema: 'course/1',
  id: 'order',
  title: 'Order',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
  variants: [
    { id: 'known', text: 'known', voice: 'known', rate: 1 },
    { id: 'target', text: 'target', voice: 'target', rate: 1 },
    { id: 'slow', text: 'target', voice: 'target', rate: 0.7 },
  ],
  phrases: Array.from({ length: 4 }, (_, i) => ({ id: `p${i + 1}`, known: `Phrase ${i + 1}.`, target: `Frase ${i + 1}.` })),
});
const ids = (jobs: ReadonlyArray<{ phraseId: string; variantId: string }>): string[] => jobs.map((job) => `${job.phraseId}/${job.variantId}`);

describe('synthesisOrder', () => {
  it('offline: the course order (lessons finish early, so their tracks are built during the run)', () => {
    const jobs = planRenders(course, { engine: 'offline', format: 'wav' });
    const ordered = synthesisOrder(jobs, 'offline');
    expect(ids(ordered)).toEqual(ids(jobs));
    expect(ordered).not.toBe(jobs); // a copy the caller may reorder
  });

  it("voiceGroupedOrder (the bench's alternative): groups renders by the eSpeak voice, in course order within each voice", () => {
    const jobs = planRenders(course, { engine: 'offline', format: 'wav' });
    const ordered = voiceGroupedOrder(jobs);
    expect(ids(ordered)).toEqual(['p1/known', 'p2/known', 'p3/known', 'p4/known', 'p1/target', 'p1/slow', 'p2/target', 'p2/slow', 'p3/target', 'p3/slow', 'p4/target', 'p4/slow']);
    let switches = 0;
    for (let i = 1; i < ordered.length; i++) if (ordered[i]!.spokenBy !== ordered[i - 1]!.spokenBy) switches++;
    expect(switches).toBe(1); // course order switches voice 8 times
    expect(new Set(ordered)).toEqual(new Set(jobs)); // every render once
  });

  it('azure: the course order, untouched', () => {
    const jobs = planRenders(course, { engine: 'azure', format: 'wav' });
    expect(synthesisOrder(jobs, 'azure')).toEqual(jobs);
  });
});
