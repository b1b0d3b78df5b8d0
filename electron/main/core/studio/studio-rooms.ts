import { AudioTokens } from './audio-tokens';
import { Audition } from './audition';
import { CellRenderer } from './cell-renderer';
import { CourseEditor } from './course-editor';
import { CourseSession } from './course-session';
import { CourseSetup } from './course-setup';
import { DeliverablesRoom } from './deliverables-room';
import { TrackPlayback } from './track-playback';
import { FolderLocks } from './folder-locks';
import { KeyCheck } from './key-check';
import { MastersRoom } from './masters-room';
import { silentLogger } from './logger';
import { PoolReadout } from './pool-readout';
import { PoolRegistry } from './pool-registry';
import { Previews } from './previews';
import { RateModel } from './rate-model';
import { RunController } from './run-controller';
import { StudioEvents } from './studio-events';
import type { StudioServiceOptions } from './studio-options';
import { StudioSettings } from './studio-settings';
import { VoiceDirectory } from './voice-directory';

/** Every room of the studio (README.md in this folder says what each owns). */
export interface StudioRooms {
  readonly tokens: AudioTokens;
  readonly course: CourseSession;
  /** The open course's text: phrase and setup edits, undo/redo, saving, the file watcher. */
  readonly editor: CourseEditor;
  /** The course's setup and pronunciation table (the Course tab), changed through the editor. */
  readonly setup: CourseSetup;
  /** Lesson tracks and the Anki export, built from masters (never a synthesis). */
  readonly deliverables: DeliverablesRoom;
  /** A built track's audio and a track or export's path (the Tracks tab). */
  readonly trackPlayback: TrackPlayback;
  readonly runs: RunController;
  readonly cells: CellRenderer;
  readonly auditions: Audition;
  readonly voices: VoiceDirectory;
  readonly previews: Previews;
  readonly settings: StudioSettings;
  readonly masters: MastersRoom;
  /** One writer per output folder, shared with CLI runs (proper-lockfile). */
  readonly locks: FolderLocks;
  readonly events: StudioEvents;
  readonly pools: PoolRegistry;
  readonly readout: PoolReadout;
  readonly rates: RateModel;
}

/** What the facade decides for the rooms: whether the studio is closing, whether a run blocks a change. */
export interface StudioGuards {
  /** Throws while a run is on (or the studio is closing): `what` names the refused change. */
  readonly assertIdle: (what: string) => void;
  readonly assertNotShuttingDown: () => void;
}

/**
 * Builds the studio's rooms and wires them to each other: who tells whom about runs, pools, keys and
 * settings. Lambdas that name a room built further down (`runs`, `cells`, `settings`) run only after this returns.
 */
export function buildStudioRooms(options: StudioServiceOptions, guards: StudioGuards): StudioRooms {
  const log = options.log ?? silentLogger;
  const store = options.settings;
  const locks = new FolderLocks(log);
  const tokens = new AudioTokens();
  const rates = new RateModel();
  const events: StudioEvents = new StudioEvents(options.events, options.intervals, { run: () => runs.runView(), pool: () => readout.gauges() });
  const readout: PoolReadout = new PoolReadout(events, () => store.get().maxConnections, options.intervals?.sample);
  // The Pool tab shows the audition pool only while no run is on.
  const pools = new PoolRegistry(options.createEngine, options.poolOptions, (pool, engine) => {
    if (!runs.activeRun()) readout.attach(pool, engine);
  });
  tokens.setRoots([options.auditionCacheDir]);
  const course = new CourseSession({
    settings: store,
    events,
    tokens,
    auditionCacheDir: options.auditionCacheDir,
    samplesDir: options.samplesDir,
    log,
    beforeChange: async (what) => {
      guards.assertIdle(what);
      await cells.retire();
    },
    opened: (editable) => editor.attach(editable),
  });
  const editor: CourseEditor = new CourseEditor({
    session: course,
    settings: store,
    log,
    publish: (state) => events.editChanged(state),
    beforeChange: async (what) => {
      guards.assertIdle(what);
      await cells.retire();
    },
    ...(options.intervals?.watch !== undefined ? { watchDebounceMs: options.intervals.watch } : {}),
  });
  const cells: CellRenderer = new CellRenderer({ session: course, settings: store, pools, readout, log, locks, activeRun: () => runs.activeRun()?.run });
  const runs: RunController = new RunController({
    settings: store,
    session: course,
    cells,
    pools,
    readout,
    rates,
    events,
    createEngine: options.createEngine,
    poolOptions: options.poolOptions,
    log,
    locks,
    assertOpen: guards.assertNotShuttingDown,
  });
  const masters = new MastersRoom({ session: course, cells, locks, runActive: () => runs.activeRun() !== undefined, runSettled: () => runs.settled() });
  const keyCheck = new KeyCheck(() => void settings.view().then((view) => events.settingsChanged(view)));
  const voices = new VoiceDirectory(store, options.createEngine, () => {
    const generation = keyCheck.current; // the key this call is made with
    return (outcome) => keyCheck.record(generation, outcome);
  });
  const auditions = new Audition({
    settings: store,
    pools,
    readout,
    tokens,
    cacheDir: options.auditionCacheDir,
    audioUrl: options.audioUrl,
    runPool: (engine) => {
      const active = runs.activeRun();
      return active?.engine === engine ? active.pool : undefined;
    },
  });
  const setup = new CourseSetup({ session: course, editor, settings: store, auditions });
  const deliverables = new DeliverablesRoom({ session: course, settings: store, cells, locks, assertIdle: guards.assertIdle, runSettled: () => runs.settled() });
  const trackPlayback = new TrackPlayback({ session: course, tokens, audioUrl: options.audioUrl, listTracks: () => deliverables.listTracks() });
  const previews = new Previews(course, store, tokens, options.audioUrl, log);
  const settings: StudioSettings = new StudioSettings({
    store,
    secrets: options.secrets,
    session: course,
    cells,
    pools,
    voices,
    events,
    activeRun: () => runs.activeRun(),
    keyCheck,
  });
  return { tokens, course, editor, setup, deliverables, trackPlayback, runs, cells, auditions, voices, previews, settings, masters, locks, events, pools, readout, rates };
}
