import type { AppInfo, Estimate, PoolGauges, StudioSnapshot } from '../../../../shared/ipc/contract';
import type { ShutdownStep } from '../shutdown';
import type { AudioTokens } from './audio-tokens';
import type { Audition } from './audition';
import type { CellRenderer } from './cell-renderer';
import type { CourseEditor } from './course-editor';
import type { CourseSession } from './course-session';
import type { CourseSetup } from './course-setup';
import type { DeliverablesRoom } from './deliverables-room';
import type { TrackPlayback } from './track-playback';
import type { FolderLocks } from './folder-locks';
import type { MastersRoom } from './masters-room';
import type { PoolReadout } from './pool-readout';
import type { PoolRegistry } from './pool-registry';
import type { Previews } from './previews';
import type { RateModel } from './rate-model';
import type { RunController } from './run-controller';
import { estimateRun, withWaitingJobs } from './run-estimate';
import { BatchJobStore } from '../engines/azure-batch/job-store';
import { listSampleCourses } from './sample-courses';
import type { StudioEvents } from './studio-events';
import { StudioError } from './studio-error';
import type { StudioServiceOptions } from './studio-options';
import type { StudioSettings } from './studio-settings';
import { buildStudioRooms } from './studio-rooms';
import { studioShutdownSteps } from './studio-shutdown';
import type { VoiceDirectory } from './voice-directory';

export type { StudioServiceOptions } from './studio-options';

/**
 * The main-process state behind every IPC channel, in plain Node: a facade over the studio's rooms
 * (see README.md in this folder; studio-rooms.ts builds and wires them). Transports (Electron IPC, the WebSocket bridge) call it only through
 * the dispatcher and forward its events; each room owns one domain:
 *
 * - `course`   CourseSession: the open course, its plan and its cells
 * - `runs`     RunController: Generate / Pause / Resume / Cancel / Retry, the Run tab's view
 * - `cells`    CellRenderer: "render this cell again"
 * - `setup`    CourseSetup: the course's setup and pronunciation table, saved to its file through the editor
 * - `auditions`, `voices`, `previews`, `settings`, `masters`: one room each
 * - `pools`    PoolRegistry, `readout` PoolReadout, `events` StudioEvents: the plumbing
 */
export class StudioService {
  readonly tokens: AudioTokens;
  readonly course: CourseSession;
  readonly editor: CourseEditor;
  readonly runs: RunController;
  readonly cells: CellRenderer;
  readonly auditions: Audition;
  readonly setup: CourseSetup;
  readonly voices: VoiceDirectory;
  readonly previews: Previews;
  readonly deliverables: DeliverablesRoom;
  /** A built track's audio and a track or export's path (the Tracks tab). */
  readonly trackPlayback: TrackPlayback;
  readonly settings: StudioSettings;
  readonly masters: MastersRoom;
  private readonly events: StudioEvents;
  private readonly pools: PoolRegistry;
  private readonly readout: PoolReadout;
  private readonly rates: RateModel;
  private readonly locks: FolderLocks;
  private shuttingDown = false;
  private closed = false;

  constructor(private readonly options: StudioServiceOptions) {
    const rooms = buildStudioRooms(options, {
      assertIdle: (what) => this.assertIdle(what),
      assertNotShuttingDown: () => this.assertNotShuttingDown(),
    });
    ({
      tokens: this.tokens,
      course: this.course,
      runs: this.runs,
      cells: this.cells,
      auditions: this.auditions,
      voices: this.voices,
      masters: this.masters,
      editor: this.editor,
      setup: this.setup,
      deliverables: this.deliverables,
      trackPlayback: this.trackPlayback,
    } = rooms);
    ({ previews: this.previews, settings: this.settings, events: this.events, pools: this.pools, readout: this.readout, rates: this.rates, locks: this.locks } = rooms);
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
      edit: this.editor.state(),
    };
  }

  estimate(): Estimate {
    return estimateRun(this.course.require(), this.course, this.options.settings.get(), this.rates);
  }

  /** The estimate the page shows (run:estimate): with Azure, also the batch jobs an earlier session left waiting. */
  async estimateWithWaitingJobs(): Promise<Estimate> {
    const estimate = this.estimate();
    return estimate.batch && !this.runs.activeRun() ? withWaitingJobs(estimate, await BatchJobStore.peek(this.course.require().outDir)) : estimate;
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
  assignVoice = (role: string, voice: string) => this.editor.assignVoice(role, voice);
  startRun = () => this.runs.startRun();
  pauseRun = () => this.runs.pauseRun();
  resumeRun = () => this.runs.resumeRun();
  cancelRun = () => this.runs.cancelRun();
  retryFailed = () => this.runs.retryFailed();
  onSystemSuspend = () => this.runs.onSystemSuspend();
  onSystemResume = () => this.runs.onSystemResume();
  // A render can turn a stale cell done: the editor's stale count and cost follow.
  renderCell = (phraseId: string, variantId: string) => this.assertingOpen(() => this.cells.renderCell(phraseId, variantId)).finally(() => this.editor.publish());
  listVoices = (locale?: string) => this.voices.list(locale);
  audition = (request: Parameters<Audition['render']>[0]) => this.assertingOpen(() => this.auditions.render(request));
  preview = (phraseId: string, variantId: string) => this.previews.preview(phraseId, variantId);
  showInFolder = (ref: Parameters<Previews['showInFolder']>[0]) => this.previews.showInFolder(ref);
  settingsView = () => this.settings.view();
  updateSettings = (patch: Parameters<StudioSettings['update']>[0]) => this.settings.update(patch);
  setKey = (key: string | null) => this.settings.setKey(key);
  cleanUnusedMasters = () => this.assertingOpen(() => this.masters.cleanUnused());

  /** The steps of a clean quit, for the ShutdownCoordinator (studio-shutdown.ts). */
  shutdownSteps(): ShutdownStep[] {
    return studioShutdownSteps({
      runs: this.runs,
      cells: this.cells,
      pools: this.pools,
      locks: this.locks,
      settleMs: this.options.settleMs ?? 3_000,
      refuseNewWork: () => (this.shuttingDown = true),
      closeService: () => this.close(),
    });
  }

  /** Stops timers and event emission. Pools are closed by the shutdown steps. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.editor.close();
    this.readout.stopSampling();
    this.events.close();
  }

  /** Runs `fn` unless the studio is closing (renders must not start then). */
  assertingOpen<T>(fn: () => Promise<T>): Promise<T> {
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
