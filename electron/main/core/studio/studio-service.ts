import type { AppInfo, Estimate, PoolGauges, StudioSnapshot } from '../../../../shared/ipc/contract';
import type { ShutdownStep } from '../shutdown';
import { AudioTokens } from './audio-tokens';
import { Audition } from './audition';
import { CellRenderer } from './cell-renderer';
import { CourseSession } from './course-session';
import { silentLogger, type Logger } from './logger';
import { PoolReadout } from './pool-readout';
import { PoolRegistry } from './pool-registry';
import { Previews } from './previews';
import { DeliverablesRoom } from './deliverables-room';
import { TrackPlayback } from './track-playback';
import { RateModel } from './rate-model';
import { RunController } from './run-controller';
import { KeyCheck } from './key-check';
import { estimateRun } from './run-estimate';
import { listSampleCourses } from './sample-courses';
import { StudioEvents } from './studio-events';
import { StudioError } from './studio-error';
import type { StudioServiceOptions } from './studio-options';
import { StudioSettings } from './studio-settings';
import { VoiceDirectory } from './voice-directory';

export type { StudioServiceOptions } from './studio-options';

/**
 * The main-process state behind every IPC channel, in plain Node: a facade over the studio's rooms
 * (see README.md in this folder). Transports (Electron IPC, the WebSocket bridge) call it only through
 * the dispatcher and forward its events; each room owns one domain:
 *
 * - `course`   CourseSession: the open course, its plan and its cells
 * - `runs`     RunController: Generate / Pause / Resume / Cancel / Retry, the Run tab's view
 * - `cells`    CellRenderer: "render this cell again"
 * - `auditions`, `voices`, `previews`, `settings`: one room each
 * - `pools`    PoolRegistry, `readout` PoolReadout, `events` StudioEvents: the plumbing
 */
export class StudioService {
  readonly tokens = new AudioTokens();
  readonly course: CourseSession;
  readonly runs: RunController;
  readonly cells: CellRenderer;
  readonly auditions: Audition;
  readonly voices: VoiceDirectory;
  readonly previews: Previews;
  readonly deliverables: DeliverablesRoom;
  /** A built track's audio and a track or export's path (the Tracks tab). */
  readonly trackPlayback: TrackPlayback;
  readonly settings: StudioSettings;
  private readonly events: StudioEvents;
  private readonly pools: PoolRegistry;
  private readonly readout: PoolReadout;
  private readonly rates = new RateModel();
  private readonly log: Logger;
  private shuttingDown = false;
  private closed = false;

  constructor(private readonly options: StudioServiceOptions) {
    const log = (this.log = options.log ?? silentLogger);
    const store = options.settings;
    this.events = new StudioEvents(options.events, options.intervals, { run: () => this.runs.runView(), pool: () => this.readout.gauges() });
    const events = this.events;
    this.readout = new PoolReadout(events, () => store.get().maxConnections, options.intervals?.sample);
    // The Pool tab shows the audition pool only while no run is on.
    this.pools = new PoolRegistry(options.createEngine, options.poolOptions, (pool, engine) => {
      if (!this.runs.activeRun()) this.readout.attach(pool, engine);
    });
    const { pools, readout, tokens } = this;
    this.tokens.setRoots([options.auditionCacheDir]);
    const course = (this.course = new CourseSession({
      settings: store,
      events,
      tokens,
      auditionCacheDir: options.auditionCacheDir,
      samplesDir: options.samplesDir,
      log,
      beforeChange: async (what) => {
        this.assertIdle(what);
        await this.cells.retire();
      },
    }));
    const cells = (this.cells = new CellRenderer({ session: course, settings: store, pools, readout, log, activeRun: () => this.runs.activeRun()?.run }));
    this.runs = new RunController({
      settings: store,
      session: course,
      cells,
      pools,
      readout,
      rates: this.rates,
      events,
      createEngine: options.createEngine,
      poolOptions: options.poolOptions,
      log,
      assertOpen: () => this.assertNotShuttingDown(),
    });
    const keyCheck = new KeyCheck(() => void this.settings.view().then((view) => events.settingsChanged(view)));
    this.voices = new VoiceDirectory(store, options.createEngine, () => {
      const generation = keyCheck.current; // the key this call is made with
      return (outcome) => keyCheck.record(generation, outcome);
    });
    this.auditions = new Audition({
      settings: store,
      pools,
      readout,
      tokens,
      cacheDir: options.auditionCacheDir,
      audioUrl: options.audioUrl,
      runPool: (engine) => {
        const active = this.runs.activeRun();
        return active?.engine === engine ? active.pool : undefined;
      },
    });
    this.previews = new Previews(course, store, tokens, options.audioUrl, log);
    this.deliverables = new DeliverablesRoom({ session: course, settings: store, assertIdle: (what) => this.assertIdle(what) });
    this.trackPlayback = new TrackPlayback({ session: course, tokens, audioUrl: options.audioUrl, listTracks: () => this.deliverables.listTracks() });
    this.settings = new StudioSettings({
      store,
      secrets: options.secrets,
      session: course,
      cells,
      pools,
      voices: this.voices,
      events,
      activeRun: () => this.runs.activeRun(),
      keyCheck,
    });
  }

  async appInfo(): Promise<AppInfo> {
    return {
      version: this.options.version ?? '0.0.0',
      platform: process.platform,
      transport: this.options.transport,
      sampleCourses: (await listSampleCourses(this.options.samplesDir)).map(({ name, title }) => ({ name, title })),
    };
  }

  async snapshot(): Promise<StudioSnapshot> {
    return {
      course: this.course.current?.view ?? null,
      cells: this.course.cellRecord(),
      run: this.runs.runView(),
      pool: this.readout.gauges(),
      settings: await this.settings.view(),
    };
  }

  estimate(): Estimate {
    return estimateRun(this.course.require(), this.course, this.options.settings.get(), this.rates);
  }

  poolGauges(): PoolGauges {
    return this.readout.gauges();
  }

  /** Synthesizers (workers, sockets) alive or starting in every pool the studio holds; 0 after shutdown. */
  liveSynthesizers(): number {
    return this.pools.liveSynthesizers();
  }

  // Shorthands kept for the transports, tests and benchmarks that drive the studio directly.
  runView = () => this.runs.runView();
  openPath = (path: string) => this.course.openPath(path);
  openSample = (name: string) => this.course.openSample(name);
  importText = (name: string, text: string) => this.course.importText(name, text);
  assignVoice = (role: string, voice: string) => this.course.assignVoice(role, voice);
  startRun = () => this.runs.startRun();
  pauseRun = () => this.runs.pauseRun();
  resumeRun = () => this.runs.resumeRun();
  cancelRun = () => this.runs.cancelRun();
  retryFailed = () => this.runs.retryFailed();
  onSystemSuspend = () => this.runs.onSystemSuspend();
  onSystemResume = () => this.runs.onSystemResume();
  renderCell = (phraseId: string, variantId: string) => this.assertingOpen(() => this.cells.renderCell(phraseId, variantId));
  listVoices = (locale?: string) => this.voices.list(locale);
  audition = (request: Parameters<Audition['render']>[0]) => this.assertingOpen(() => this.auditions.render(request));
  preview = (phraseId: string, variantId: string) => this.previews.preview(phraseId, variantId);
  showInFolder = (ref: Parameters<Previews['showInFolder']>[0]) => this.previews.showInFolder(ref);
  settingsView = () => this.settings.view();
  updateSettings = (patch: Parameters<StudioSettings['update']>[0]) => this.settings.update(patch);
  setKey = (key: string | null) => this.settings.setKey(key);

  /**
   * The steps of a clean quit, for the ShutdownCoordinator: stop dispatch, let in-flight renders
   * finish (then cancel what is left), persist journal and manifest, close every pool.
   */
  shutdownSteps(): ShutdownStep[] {
    return [
      {
        name: 'stop dispatch',
        run: () => {
          this.shuttingDown = true;
          this.runs.pauseForShutdown();
        },
      },
      { name: 'settle in-flight renders', run: (signal) => this.runs.settle(this.options.settleMs ?? 3_000, signal) },
      {
        name: 'persist journal and manifest',
        run: async () => {
          await this.runs.closeLastRun();
          await this.cells.retire();
        },
      },
      {
        name: 'close pools',
        run: async () => {
          await this.pools.closeAll();
          await this.close();
        },
      },
    ];
  }

  /** Stops timers and event emission. Pools are closed by the shutdown steps. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.readout.stopSampling();
    this.events.close();
  }

  private assertingOpen<T>(fn: () => Promise<T>): Promise<T> {
    this.assertNotShuttingDown();
    return fn();
  }

  private assertIdle(what: string): void {
    this.assertNotShuttingDown();
    if (this.runs.activeRun()) throw new StudioError('busy', `A run is in progress: cancel it or let it finish before you ${what}.`);
  }

  private assertNotShuttingDown(): void {
    if (this.shuttingDown) throw new StudioError('busy', 'The studio is closing.');
  }
}
