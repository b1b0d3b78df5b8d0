import type { CourseView, RunView, SettingsView, StudioSnapshot } from '../../../shared/ipc/contract';
import { invoke, studioApi } from '../lib/api';
import { markCourseDataReceived } from '../lib/perfMarks';
import { useAudition } from './audition';
import { useCells } from './cells';
import { useCourse } from './course';
import { NO_EDIT_STATE, useEdit } from './edit';
import { usePlayer } from './player';
import { usePool } from './pool';
import { refreshMasters } from './masters';
import { isLive, refreshEstimate, useRun } from './run';
import { toastInfo } from './toasts';
import { formatCount } from '../lib/format';
import { useSettings } from './settings';
import { useTracks } from './tracks';
import { NO_FILTER, useUi } from './ui';

/**
 * Snapshot first, then events. The listeners are attached before the snapshot is asked for, but
 * ignore what arrives until it has been applied: both ride the same ordered channel, so anything
 * that arrives before the snapshot's answer is already contained in it. Returns the unsubscribe.
 *
 * Where the transport can drop and come back (the browser bridge's WebSocket offers
 * `window.api.onReconnect`), the events pushed meanwhile are lost: on each reconnect the page reads
 * the snapshot again the same way (events ignored until it is applied), keeping the producer's
 * filter and selection when it is still the same course.
 */
export async function connectStudio(): Promise<() => void> {
  const api = studioApi();
  let live = false;
  let resyncs = 0;
  const unsubscribers = [
    api.on('run:changed', (run) => live && onRun(run)),
    api.on('cells:changed', ({ cells }) => live && useCells.getState().applyChanges(cells)),
    api.on('pool:changed', (pool) => live && usePool.getState().setPool(pool)),
    api.on('course:changed', (course) => live && void adoptCourse(course)),
    api.on('settings:changed', (settings) => live && onSettings(settings)),
    api.on('edit:changed', (state) => live && useEdit.getState().setState(state)),
  ];
  const disconnect = (): void => unsubscribers.forEach((off) => off());
  try {
    const [snapshot, info] = await Promise.all([invoke('studio:snapshot'), invoke('app:info')]);
    useCourse.getState().setAppInfo(info);
    applySnapshot(snapshot);
    live = true;
    refreshEstimate();
  } catch (error) {
    disconnect();
    throw error;
  }
  const offReconnect = api.onReconnect?.(() => {
    const attempt = ++resyncs;
    live = false;
    resync().then(
      () => attempt === resyncs && (live = true),
      (error: unknown) => {
        // Lost again: the next reconnect reads it again. Anything else: live events beat a frozen page.
        if (attempt === resyncs) live = true;
        console.warn('re-reading the studio state after reconnecting failed', error);
      },
    );
  });
  return () => {
    offReconnect?.();
    disconnect();
  };
}

/** After a reconnect: the whole state again, as a run may have moved on (or ended) meanwhile. */
async function resync(): Promise<void> {
  const [snapshot, info] = await Promise.all([invoke('studio:snapshot'), invoke('app:info')]);
  useCourse.getState().setAppInfo(info);
  useCells.getState().replaceAll(snapshot.cells);
  useEdit.getState().setState(snapshot.edit ?? NO_EDIT_STATE);
  onSettings(snapshot.settings);
  const current = useCourse.getState().course;
  if (snapshot.course && sameCourse(current, snapshot.course)) useCourse.getState().setCourse(snapshot.course);
  else {
    if (snapshot.course) markCourseDataReceived(snapshot.course);
    setCourseAndResetViews(snapshot.course);
  }
  onRun(snapshot.run);
  // The run may have started, ended or moved on meanwhile: the chart is its samples, from its elapsed time.
  usePool.getState().adoptSeries(snapshot.pool, snapshot.run);
  refreshEstimate(true);
}

function applySnapshot(snapshot: StudioSnapshot): void {
  if (snapshot.course) markCourseDataReceived(snapshot.course);
  useCells.getState().replaceAll(snapshot.cells);
  useSettings.getState().setSettings(snapshot.settings);
  useEdit.getState().setState(snapshot.edit ?? NO_EDIT_STATE);
  setCourseAndResetViews(snapshot.course);
  useRun.getState().setRun(snapshot.run);
  usePool.getState().adoptSeries(snapshot.pool, snapshot.run);
}

function onRun(run: RunView): void {
  const before = useRun.getState().run;
  useRun.getState().setRun(run);
  if (isLive(before.state) && !isLive(run.state)) {
    announceEnd(run);
    // The run re-rendered stale cells: the editor's stale count and cost change with it.
    refreshEditState();
  }
  // A run adds masters (and holds the folder): the cache's size is read again when its state changes.
  if (before.state !== run.state) refreshMasters();
  // What is left changes as renders finish; refreshEstimate throttles itself, except when the run
  // state changes (a finished run must not show a stale "8 to render" for a second and a half).
  if (before.state !== run.state) refreshEstimate(true);
  else if (before.progress.remaining !== run.progress.remaining) refreshEstimate();
}

function onSettings(settings: SettingsView): void {
  const before = useSettings.getState().settings;
  useSettings.getState().setSettings(settings);
  refreshEstimate();
  // Another engine or price replans: what is stale, and what re-rendering it costs, follow.
  if (before && (before.engine !== settings.engine || before.pricePerMillionChars !== settings.pricePerMillionChars)) refreshEditState();
  // Another engine: its throughput is not comparable with the last engine's run.
  if (before && before.engine !== settings.engine) usePool.getState().restartSeries();
  // Another engine has other voices.
  if (before && before.engine !== settings.engine && useAudition.getState().voicesState !== 'idle') void useAudition.getState().loadVoices();
}

/** Asks main for the editor's state where no edit:changed event follows the change (run end, settings). */
function refreshEditState(): void {
  invoke('edit:state').then(
    (state) => useEdit.getState().setState(state),
    () => undefined,
  );
}

/** Long runs end while the producer looks elsewhere: say how it ended (the Run tab has the details). */
function announceEnd(run: RunView): void {
  const { done, failed, cached } = run.progress;
  const rendered = run.counts
    ? `${formatCount(run.counts.rendered)} rendered (billed), ${formatCount(run.counts.cached)} from the cache, ${formatCount(run.counts.written)} files written`
    : `${formatCount(done)} rendered${cached ? `, ${formatCount(cached)} already on disk` : ''}`;
  if (run.state === 'finished' && failed === 0) toastInfo('The run is finished.', `${rendered}.`, 'success');
  else if (run.state === 'finished') toastInfo(`The run finished with ${formatCount(failed)} failed.`, `${rendered}. Open the Run tab to retry them.`, 'error');
  else if (run.state === 'stopped') toastInfo('The run stopped.', run.stopReason ?? 'The service refused to continue.', 'error');
  else if (run.state === 'cancelled') toastInfo('The run is cancelled.', `${rendered}; Generate continues from here.`);
}

/** The same course file (an edit adds and removes phrases: the producer's filter and selection stay). */
const sameCourse = (a: CourseView | null, b: CourseView | null): boolean => !!a && !!b && a.id === b.id && a.file === b.file;

/**
 * Takes a course from an invoke answer or a course:changed event. Another course brings its own
 * cells (some already rendered by an earlier run), so those are re-read from a fresh snapshot.
 */
export async function adoptCourse(course: CourseView): Promise<void> {
  const current = useCourse.getState().course;
  refreshMasters(); // another course, or an edit that changed which masters are in use
  if (sameCourse(current, course)) {
    useCourse.getState().setCourse(course);
    refreshEstimate();
    return;
  }
  markCourseDataReceived(course);
  // Cell ids repeat across courses (p001/target): the old course's states must not show in the new one.
  useCells.getState().replaceAll({});
  setCourseAndResetViews(course);
  refreshEstimate();
  const snapshot = await invoke('studio:snapshot');
  if (useCourse.getState().course?.id !== course.id) return;
  useCells.getState().replaceAll(snapshot.cells);
  useRun.getState().setRun(snapshot.run);
}

/** Another course: nothing of the last one's table, player or chart stays on screen. */
function setCourseAndResetViews(course: CourseView | null): void {
  useCourse.getState().setCourse(course);
  useEdit.getState().cancelEditing();
  useUi.setState({ selection: null, filter: NO_FILTER });
  usePlayer.getState().reset();
  useTracks.getState().reset();
  usePool.getState().restartSeries();
  const audition = useAudition.getState();
  if (course) {
    const first = course.phrases[0];
    if (!audition.textEdited && first) audition.setText(first.target, false);
    audition.setLocale(course.languages.target);
  }
}
