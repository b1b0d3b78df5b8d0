/**
 * The Course panel without a page: the form made from main's setup, the change it asks (only the
 * parts that differ, each whole), what cannot be sent, and the store's talk with main (impact once
 * typing pauses, save, main's refusal shown as it is, an unsaved draft kept when the course changes).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseView } from '../../../shared/ipc/contract';
import type { SetupView } from '../../../shared/ipc/setup-contract';
import { draftProblem, isEmptyChange, newEntry, newVariant, toChange, toDraft } from '../../../renderer/src/features/setup/setupDraft';
import { useAudition } from '../../../renderer/src/store/audition';
import { useCourse } from '../../../renderer/src/store/course';
import { IMPACT_DELAY_MS, useSetup } from '../../../renderer/src/store/setup';
import { installFakeApi, resetStores } from './fake-window';

const VIEW: SetupView = {
  title: 'Demo',
  languages: { target: 'es-ES', known: 'en-US' },
  voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
  variants: [
    { id: 'known', text: 'known', voice: 'known', rate: 1 },
    { id: 'target', text: 'target', voice: 'target', rate: 1 },
    { id: 'target-slow', text: 'target', voice: 'target', rate: 0.7, pitch: '-5%' },
  ],
  output: {},
  pronunciations: [{ text: 'Ana', phoneme: 'ˈana' }],
  storage: 'json',
  file: '/courses/demo.json',
};
const COURSE = { file: '/courses/demo.json', id: 'demo', title: 'Demo', languages: VIEW.languages, voices: VIEW.voices, variants: [], phrases: [], warnings: [] } as CourseView;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the setup form', () => {
  it('an untouched form asks no change (an IPA entry without its alphabet included)', () => {
    expect(toChange(VIEW, toDraft(VIEW))).toEqual({});
  });

  it('asks each changed part whole, and only those', () => {
    const draft = toDraft(VIEW);
    draft.target = ' de-DE ';
    draft.variants[2] = { ...draft.variants[2]!, rate: '0.8', pitch: '' };
    draft.entries.push({ ...newEntry(draft), text: 'Sr.', kind: 'alias', say: 'señor', locale: '' });
    draft.format = 'mp3';
    const change = toChange(VIEW, draft);
    expect(change).toEqual({
      languages: { target: 'de-DE', known: 'en-US' },
      variants: [VIEW.variants[0], VIEW.variants[1], { id: 'target-slow', text: 'target', voice: 'target', rate: 0.8 }],
      output: { format: 'mp3' },
      pronunciations: [
        { text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' },
        { text: 'Sr.', alias: 'señor' },
      ],
    });
    expect(isEmptyChange(change)).toBe(false);
  });

  it('refuses only what cannot be sent; the rest is main’s to judge', () => {
    const draft = toDraft(VIEW);
    expect(draftProblem(draft)).toBeNull();
    expect(draftProblem({ ...draft, variants: [{ ...draft.variants[0]!, rate: 'fast' }] })).toBe('Variant "known": the rate must be a number, e.g. 0.7.');
    expect(draftProblem({ ...draft, bitrate: 'high' })).toMatch(/bitrate must be a number/);
    expect(draftProblem({ ...draft, variants: [{ ...draft.variants[0]!, rate: '9' }] })).toBeNull(); // out of range: the loader says so, with the place
    expect(newVariant(draft)).toMatchObject({ id: 'target-2', text: 'target', voice: 'target', rate: '0.8' });
  });
});

describe('the setup store', () => {
  beforeEach(() => {
    resetStores();
    useSetup.setState({ view: null, draft: null, impact: null, problem: null, saving: false, loading: false, auditioning: null });
  });

  it('asks the impact once typing pauses, then saves the change and takes main’s setup', async () => {
    const saved: SetupView = { ...VIEW, title: 'Demo 2' };
    const { calls } = installFakeApi({
      'setup:get': () => VIEW,
      'setup:impact': () => ({ affected: 0, finished: 0, cells: [], billableChars: null, costUsd: null }),
      'setup:save': () => saved,
    });
    await useSetup.getState().load();
    for (const title of ['D', 'De', 'Demo 2']) useSetup.getState().edit((d) => ({ ...d, title }));
    await sleep(IMPACT_DELAY_MS + 100);
    const impacts = calls.filter((call) => call.channel === 'setup:impact');
    expect(impacts).toEqual([{ channel: 'setup:impact', input: { title: 'Demo 2' } }]);
    expect(useSetup.getState().impact).toMatchObject({ affected: 0 });

    await expect(useSetup.getState().save()).resolves.toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'setup:save', input: { title: 'Demo 2' } });
    expect(useSetup.getState()).toMatchObject({ view: saved, problem: null, saving: false });
    expect(toChange(saved, useSetup.getState().draft!)).toEqual({});
  });

  it('shows main’s refusal as it came (the loader’s placed message), keeping the draft', async () => {
    const refusal = '/courses/demo.json:9:64: variants[2] (id "target-slow").rate: must be at most 2.0. Write a number from 0.5 (half speed) to 2.0 (double speed), e.g. 0.7.';
    installFakeApi({
      'setup:get': () => VIEW,
      'setup:save': () => {
        throw Object.assign(new Error(refusal), { code: 'course-invalid' });
      },
    });
    await useSetup.getState().load();
    useSetup.getState().edit((d) => ({ ...d, variants: d.variants.map((v, i) => (i === 2 ? { ...v, rate: '3' } : v)) }));
    await expect(useSetup.getState().save()).resolves.toBe(false);
    expect(useSetup.getState().problem).toBe(refusal);
    expect(useSetup.getState().draft?.variants[2]?.rate).toBe('3');
  });

  it('a course change elsewhere refreshes an untouched form and keeps an unsaved one', async () => {
    let current = VIEW;
    installFakeApi({ 'setup:get': () => current, 'setup:impact': () => ({ affected: 1, finished: 1, cells: ['p1/target'], billableChars: 10, costUsd: 0.0002 }) });
    useCourse.getState().setCourse(COURSE);
    await useSetup.getState().load();
    current = { ...VIEW, voices: { ...VIEW.voices, target: 'es-ES-AlvaroNeural' } };
    useCourse.getState().setCourse({ ...COURSE, voices: current.voices });
    await sleep(20);
    expect(useSetup.getState().draft?.voices[0]).toEqual({ role: 'target', voice: 'es-ES-AlvaroNeural' });

    useSetup.getState().edit((d) => ({ ...d, title: 'Mine' }));
    current = { ...current, title: 'Theirs' };
    useCourse.getState().setCourse({ ...COURSE, title: 'Theirs' });
    await sleep(20);
    expect(useSetup.getState().draft?.title).toBe('Mine');
    expect(useSetup.getState().view?.title).toBe('Theirs');

    // Another course: the unsaved draft of this one goes (it must never be saved into the other).
    current = { ...VIEW, title: 'Other', file: '/courses/other.json' };
    useCourse.getState().setCourse({ ...COURSE, file: '/courses/other.json', id: 'other', title: 'Other' });
    await sleep(20);
    expect(useSetup.getState().draft?.title).toBe('Other');
  });

  it('audition applies the voice and the rate of the take last played to a variant', async () => {
    const { calls } = installFakeApi({
      'audition:render': () => ({ url: 'blob:x', durationMs: 900 }),
      'setup:useVoice': () => VIEW,
    });
    useAudition.setState({ text: 'Hola', voices: [], lastRate: {} });
    await useAudition.getState().playTake('es-ES-AlvaroNeural', 0.8);
    expect(useAudition.getState().lastRate).toEqual({ 'es-ES-AlvaroNeural': 0.8 });
    await useAudition.getState().applyToVariant('target-slow', 'es-ES-AlvaroNeural', 0.8);
    expect(calls.at(-1)).toEqual({ channel: 'setup:useVoice', input: { variantId: 'target-slow', voice: 'es-ES-AlvaroNeural', rate: 0.8 } });
  });
});
