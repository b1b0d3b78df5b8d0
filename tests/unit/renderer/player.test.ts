import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseView, Preview, StudioSnapshot } from '../../../shared/ipc/contract';
import { clipFailureAction } from '../../../renderer/src/store/clipFailure';
import { useCells } from '../../../renderer/src/store/cells';
import { adoptCourse } from '../../../renderer/src/store/connect';
import { usePlayer } from '../../../renderer/src/store/player';
import { EMPTY_POOL } from '../../../renderer/src/store/pool';
import { IDLE_RUN } from '../../../renderer/src/store/run';
import { useToasts } from '../../../renderer/src/store/toasts';
import { installFakeApi, resetStores } from './fake-window';

const course = (id: string): CourseView => ({
  file: `${id}.json`,
  id,
  title: id,
  languages: { target: 'es-ES', known: 'en-US' },
  voices: {},
  variants: [{ id: 'target', text: 'target', voice: 'target', rate: 1 }],
  phrases: [{ id: 'p001', known: 'Hello.', target: 'Hola.' }],
  warnings: [],
});

const snapshot = (c: CourseView): StudioSnapshot => ({
  course: c,
  cells: { 'p001/target': { status: 'done', durationMs: 900 } },
  run: IDLE_RUN,
  pool: EMPTY_POOL,
  settings: { engine: 'offline', azure: { region: '', host: '', keySet: false }, outputDir: '/out', format: 'wav', maxConnections: 2, pricePerMillionChars: 15 },
});

const preview = (url: string): Preview => ({ url, durationMs: 900, file: 'p001_target.wav', peaks: [], voice: 'v', rate: 1 });

describe('the player', () => {
  beforeEach(resetStores);

  it('lets go of the previous course’s clip when another course opens', async () => {
    const next = course('course-b');
    installFakeApi({ 'studio:snapshot': () => snapshot(next), 'preview:get': () => preview('/audio/a1') });
    await usePlayer.getState().playCell('p001', 'target');
    expect(usePlayer.getState().source).toMatchObject({ kind: 'render', url: '/audio/a1' });

    await adoptCourse(next);
    expect(usePlayer.getState().source).toBeNull();
    expect(usePlayer.getState().status).toBe('empty');
  });

  it('fetches the clip again, from the cell’s current state, when its link fails', async () => {
    let n = 0;
    const { calls } = installFakeApi({ 'preview:get': () => preview(`/audio/t${++n}`) });
    useCells.getState().replaceAll({ 'p001/target': { status: 'done', durationMs: 900 } });
    await usePlayer.getState().playCell('p001', 'target');
    usePlayer.getState().audioFailed();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.filter((c) => c.channel === 'preview:get')).toHaveLength(2);
    expect(usePlayer.getState().source).toMatchObject({ url: '/audio/t2' });
    // No "render it again" while the file exists.
    expect(useToasts.getState().toasts).toEqual([]);
    // The fresh link fails too: that is reported, not fetched again and again.
    usePlayer.getState().audioFailed();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.filter((c) => c.channel === 'preview:get')).toHaveLength(2);
    expect(useToasts.getState().toasts.map((t) => t.title)).toEqual(["Couldn't play p001 · target."]);
  });

  it('says a cell has no audio yet instead of blaming the file', () => {
    expect(clipFailureAction({ kind: 'render', phraseId: 'p1', variantId: 'v' }, 'done', false)).toEqual({ kind: 'reload' });
    const stale = clipFailureAction({ kind: 'render', phraseId: 'p1', variantId: 'v' }, 'stale', false);
    expect(stale).toMatchObject({ kind: 'tell', title: 'p1 · v has no audio yet.' });
    const twice = clipFailureAction({ kind: 'render', phraseId: 'p1', variantId: 'v' }, 'done', true);
    expect(twice).toMatchObject({ kind: 'tell', title: "Couldn't play p1 · v." });
  });
});
