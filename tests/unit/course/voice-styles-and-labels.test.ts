import { describe, expect, it } from 'vitest';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { unknownStyleProblems } from '../../../electron/main/core/course/voice-styles';
import { describeOfflineVoices, offlineVoiceLabel } from '../../../electron/main/core/engines/offline/voice-label';
import { CourseSchema } from '../../../shared/model/course';
import type { VoiceInfo } from '../../../shared/ipc/contract';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

const frame = spanishForEnglishFrame();

describe('offline voices say what they are', () => {
  it('labels the eSpeak voice and its language, not the Azure voice', () => {
    expect(offlineVoiceLabel('es-MX-DaliaNeural')).toBe('eSpeak NG roa/es-419 (Latin American Spanish)');
    expect(offlineVoiceLabel('en-GB-SoniaNeural')).toBe('eSpeak NG gmw/en-GB-x-rp (British English)');
    expect(offlineVoiceLabel('ja-JP-NanamiNeural')).toBeUndefined(); // no eSpeak voice: the run reports it
  });

  it('puts the label on offline jobs only, and lists each voice once for the start line', () => {
    const course = CourseSchema.parse({ ...frame, id: 'c', title: 'C', phrases: [{ id: 'p1', known: 'a', target: 'b' }] });
    const offline = planRenders(course, { engine: 'offline', format: 'wav' });
    expect(offline.map((job) => job.spokenBy)).toEqual(['eSpeak NG gmw/en-US (American English)', 'eSpeak NG roa/es (Spanish)', 'eSpeak NG roa/es (Spanish)']);
    expect(planRenders(course, { engine: 'azure', format: 'wav' }).some((job) => 'spokenBy' in job)).toBe(false);
    expect(describeOfflineVoices(offline)).toBe(
      '"en-US-JennyNeural" is spoken by eSpeak NG gmw/en-US (American English); "es-ES-ElviraNeural" is spoken by eSpeak NG roa/es (Spanish)',
    );
  });
});

describe('speaking styles against the voice list', () => {
  const voice = (shortName: string, styles?: string[]): VoiceInfo => ({
    shortName,
    displayName: shortName,
    locale: 'es-ES',
    localeName: 'Spanish',
    gender: 'Female',
    ...(styles ? { styles } : {}),
  });
  const voices = [voice('es-ES-ElviraNeural'), voice('en-US-JennyNeural', ['cheerful', 'sad']), voice('es-ES-AlvaroNeural', ['cheerful'])];

  it('reports a style the voice does not list, on a variant and on an override, with the place', () => {
    const variants = frame.variants.map((v) => (v.id === 'known' ? { ...v, style: 'cheerful' } : v.id === 'target' ? { ...v, style: 'whispering' } : v));
    const course = CourseSchema.parse({
      ...frame,
      voices: { ...frame.voices, male: 'es-ES-AlvaroNeural' },
      variants,
      id: 'c',
      title: 'C',
      phrases: [{ id: 'p1', known: 'a', target: 'b', overrides: { known: { style: 'angry' }, 'target-slow': { voice: 'male', style: 'cheerful' } } }],
    });
    const problems = unknownStyleProblems(course, voices, 'course.json', (path) => `course.json@${path.join('.')}`);
    expect(problems).toEqual([
      'course.json@variants.1.style: variant "target": voice "es-ES-ElviraNeural" has no style "whispering" (it offers no styles). Use one of its styles, or remove "style".',
      'course.json@phrases.0.overrides.known.style: phrase "p1", variant "known": voice "en-US-JennyNeural" has no style "angry" (its styles: cheerful, sad). Use one of its styles, or remove "style".',
    ]);
  });
});
