import { saveVoiceAssignment } from '../course/save-voice';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import {
  cellId,
  type AppInfo,
  type AudioRef,
  type CourseView,
  type Estimate,
  type PoolGauges,
  type Preview,
  type RenderCell,
  type RunView,
  type SettingsPatch,
  type SettingsView,
  type StudioSnapshot,
  type VoiceInfo,
} from '../../../../shared/ipc/contract';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { loadCourseFile, parseCourseText, type LoadedCourse } from '../course/load-course';
import { planRenders, renderKey } from '../course/render-plan';
import { buildSsml } from '../course/ssml';
import { EnginePool, type EnginePoolOptions } from '../engines/engine-pool';
import { localeOfAzureVoice } from '../engines/offline/voice-map';
import { catalogVoices, filterVoices } from '../engines/voice-catalog';
import { canListVoices } from '../engines/voice-list';
import type { EventSink } from '../ipc/event-sink';
import { writeFileAtomic } from '../output/atomic-write';
import { durationMsOf } from '../output/audio-duration';
import type { RenderItemEvent } from '../run/course-run';
import { CourseRun } from '../run/course-run';
import type { SecretBox } from '../settings/secret-box';
import type { Settings } from '../settings/settings-schema';
import type { SettingsStore } from '../settings/settings-store';
import type { ShutdownStep } from '../shutdown';
import { AudioTokens } from './audio-tokens';
import { NOTHING_FINISHED, planCells, readFinishedRenders, withDuration, type KeyedCell } from './cell-states';
import { toCourseView, voiceRolesOf } from './course-view';
import type { EngineFactory } from './engine-factory';
import { KeyedBatch, Throttle } from './event-coalescer';
import { silentLogger, type Logger } from './logger';
import { wavPeaks } from './peaks';
import { PoolGaugeTracker } from './pool-gauges';
import { buildRunView, type RunRecord } from './run-view';
import { setUpRun } from '../run/run-setup';
import { StudioError } from './studio-error';

export interface StudioServiceOptions {
  readonly settings: SettingsStore;
  readonly secrets: SecretBox;
  /** Builds engines from settings; the only code that reads the Azure key (see engine-factory.ts). */
  readonly createEngine: EngineFactory;
  readonly events: EventSink;
  /** Turns an audio token into a URL the page can load (app://audio/<t>, or the bridge's /audio/<t>). */
  readonly audioUrl: (token: string) => string;
  /** Where auditions are rendered (a cache keyed by content). */
  readonly auditionCacheDir: string;
  /** Folder of the sample courses (resources/courses). */
  readonly samplesDir?: string;
  readonly transport: 'electron' | 'bridge';
  readonly version?: string;
  readonly log?: Logger;
  /** Event rates (ms). Defaults: run and cells 100 (10/s), pool 250 (4/s), throughput sample 1000. */
  readonly intervals?: { readonly run?: number; readonly cells?: number; readonly pool?: number; readonly sample?: number };
  /** Extra EnginePool options (tests shorten timeouts). */
  readonly poolOptions?: Partial<EnginePoolOptions>;
  /** In shutdown, how long in-flight renders may finish before they are cancelled. Default 3 s. */
  readonly settleMs?: number;
}

interface OpenCourse {
  readonly course: Course;
  readonly view: CourseView;
  /** The producer's own course JSON, where voice assignments are saved (not samples or dropped text). */
  readonly savePath: string | undefined;
  readonly jobs: readonly RenderJob[];
  readonly byId: ReadonlyMap<string, RenderJob>;
  readonly outDir: string;
}

interface InteractivePool {
  readonly signature: string;
  readonly engine: EngineName;
  readonly pool: Promise<EnginePool>;
}

interface CellRun {
  /** The course (and plan) it renders: a voice or settings change makes a new one. */
  readonly course: OpenCourse;
  readonly run: Promise<CourseRun>;
  users: number;
}

/** Renders per second per connection when nothing has been measured yet (for estimates only). */
const ASSUMED_RATE_PER_CONNECTION: Readonly<Record<EngineName, number>> = { offline: 8, azure: 0.8 };
const AUDITION_CACHE_LIMIT = 400;
const VOICE_CACHE_MS = 10 * 60_000;
const ACTIVE_STATES = new Set(['running', 'paused', 'holding', 'stopping']);
const SAMPLE_EXTENSIONS = new Set(['.json', '.csv', '.tsv']);

type SampleCourse = AppInfo['sampleCourses'][number] & { readonly file: string };

/**
 * The main-process state behind every IPC channel, in plain Node: the settings, the open course and
 * its cells, the current run and its engine pool, auditions, previews and gauges. Transports (Electron
 * IPC, the WebSocket bridge) only call its methods through the dispatcher and forward its events.
 *
 * Events are coalesced: run:changed and cells:changed at most every 100 ms, pool:changed every 250 ms,
 * so a 10,000-phrase run sends ~10 messages a second however fast renders finish.
 */
export class StudioService {
  private readonly settings: SettingsStore;
  private readonly log: Logger;
  readonly tokens = new AudioTokens();
  private course: OpenCourse | undefined;
  private cells = new Map<string, KeyedCell>();
  /**
   * Render key -> duration (ms) of its audio on disk: from the journal when a course is planned, from
   * each synthesis during a run, from single-cell renders. Done and cached cells carry it.
   */
  private durations = new Map<string, number>();
  private active: RunRecord | undefined;
  private lastRun: RunRecord | undefined;
  private interactive: InteractivePool | undefined;
  /** A run paused because the machine went to sleep (not by the producer). */
  private pausedBySleep = false;
  private cellRun: CellRun | undefined;
  private cellRunClosing: Promise<void> = Promise.resolve();
  private readonly retiredPools = new Set<Promise<void>>();
  /** Every pool created and not yet fully closed (for the shutdown and for diagnostics). */
  private readonly pools = new Set<EnginePool>();
  private shuttingDown = false;
  private closed = false;
  private sampleTimer: NodeJS.Timeout | undefined;
  private voiceCache: { signature: string; atMs: number; voices: VoiceInfo[] } | undefined;
  private auditionWrites = 0;
  private readonly gauges: PoolGaugeTracker;
  private readonly runEvents: Throttle;
  private readonly cellEvents: KeyedBatch<RenderCell>;
  private readonly poolEvents: Throttle;
  private readonly onPoolStats = (): void => this.poolEvents.schedule();

  constructor(private readonly options: StudioServiceOptions) {
    this.settings = options.settings;
    this.log = options.log ?? silentLogger;
    const intervals = options.intervals ?? {};
    this.gauges = new PoolGaugeTracker(() => this.settings.get().maxConnections);
    this.runEvents = new Throttle(intervals.run ?? 100, () => this.options.events.emit('run:changed', this.runView()));
    this.cellEvents = new KeyedBatch<RenderCell>(intervals.cells ?? 100, (batch) => this.options.events.emit('cells:changed', { cells: Object.fromEntries(batch) }));
    this.poolEvents = new Throttle(intervals.pool ?? 250, () => this.options.events.emit('pool:changed', this.gauges.gauges()));
    this.tokens.setRoots([options.auditionCacheDir]);
  }

  // ------------------------------------------------------------------ snapshot and info

  async appInfo(): Promise<AppInfo> {
    return {
      version: this.options.version ?? '0.0.0',
      platform: process.platform,
      transport: this.options.transport,
      sampleCourses: (await this.sampleCourses()).map(({ name, title }) => ({ name, title })),
    };
  }

  async snapshot(): Promise<StudioSnapshot> {
    return {
      course: this.course?.view ?? null,
      cells: this.cellRecord(),
      run: this.runView(),
      pool: this.poolGauges(),
      settings: await this.settingsView(),
    };
  }

  runView(): RunView {
    const settings = this.settings.get();
    let cached = 0;
    for (const { cell } of this.cells.values()) if (cell.status === 'cached' || cell.status === 'done') cached++;
    return buildRunView(this.active ?? this.lastRun, {
      total: this.course?.jobs.length ?? 0,
      cached,
      engine: this.course ? settings.engine : null,
      outDir: this.course?.outDir ?? null,
    });
  }

  poolGauges(): PoolGauges {
    return this.gauges.gauges();
  }

  /** Synthesizers (workers, sockets) alive or starting in every pool the studio holds; 0 after shutdown. */
  liveSynthesizers(): number {
    let live = 0;
    for (const pool of this.pools) {
      const stats = pool.stats();
      live += stats.size + stats.pendingCreates;
    }
    return live;
  }

  // ------------------------------------------------------------------ courses

  async openPath(path: string): Promise<CourseView> {
    this.assertIdle('open another course');
    const file = resolve(path);
    return this.setCourse(await loadCourseFile(file), extname(file).toLowerCase() === '.json' ? file : undefined);
  }

  async openSample(name: string): Promise<CourseView> {
    this.assertIdle('open another course');
    // By name; the file name (with its extension) is accepted too, as earlier versions sent it.
    const sample = (await this.sampleCourses()).find((candidate) => candidate.name === name || candidate.file === name);
    if (!this.options.samplesDir || !sample) throw new StudioError('not-found', `There is no sample course called "${name}".`);
    return this.setCourse(await loadCourseFile(join(this.options.samplesDir, sample.file)));
  }

  /** A dropped file: the page sends its name and text (a sandboxed page has no paths). */
  async importText(name: string, text: string): Promise<CourseView> {
    this.assertIdle('open another course');
    return this.setCourse(parseCourseText(text, basename(name)));
  }

  /**
   * Assigns an Azure voice to a course role. A course JSON opened from disk gets the change saved
   * into it (only that value is rewritten); samples, dropped files and CSV lists keep it in memory.
   */
  async assignVoice(role: string, voice: string): Promise<CourseView> {
    const open = this.requireCourse();
    this.assertIdle('change voices');
    if (!voiceRolesOf(open.course).has(role)) {
      throw new StudioError('not-found', `The course has no voice role "${role}". Its roles are: ${[...voiceRolesOf(open.course)].join(', ')}.`);
    }
    const course: Course = { ...open.course, voices: { ...open.course.voices, [role]: voice } };
    await this.retireCellRun(); // single-cell renders of the old voices finish first
    let warnings = open.view.warnings;
    if (open.savePath) {
      // A read-only or since-edited file must not undo the producer's choice: use it, and say why it is not saved.
      await saveVoiceAssignment(open.savePath, role, voice).catch((error: unknown) => {
        warnings = [...warnings, `The voice "${voice}" for "${role}" is used in this session but was not saved: ${(error as Error).message}`];
      });
    }
    await this.replan(course, open.view.file, warnings, true, open.savePath);
    return this.course!.view;
  }

  // ------------------------------------------------------------------ runs

  async estimate(): Promise<Estimate> {
    const open = this.requireCourse();
    const settings = this.settings.get();
    let cached = 0;
    let billable = 0;
    for (const job of open.jobs) {
      const status = this.cells.get(cellId(job.phraseId, job.variantId))?.cell.status;
      if (status === 'done' || status === 'cached') cached++;
      else billable += job.billableChars;
    }
    const toRender = open.jobs.length - cached;
    const azure = settings.engine === 'azure';
    // Measured throughput of the current (or last) run with this engine beats any assumption.
    const recent = this.active ?? this.lastRun;
    const last = recent?.run.snapshot();
    const measured = recent?.engine === settings.engine && last && last.progress.rendersPerSecond > 0 ? last.progress.rendersPerSecond : undefined;
    const rate = measured ?? ASSUMED_RATE_PER_CONNECTION[settings.engine] * settings.maxConnections;
    return {
      renders: open.jobs.length,
      toRender,
      cached,
      billableChars: azure ? billable : 0,
      costUsd: azure ? Math.round((billable / 1_000_000) * settings.pricePerMillionChars * 10_000) / 10_000 : null,
      estimatedMs: Math.round((toRender / rate) * 1000),
    };
  }

  async startRun(): Promise<RunView> {
    const open = this.requireCourse();
    this.assertNotShuttingDown();
    if (this.active) throw new StudioError('busy', 'A run is already in progress.');
    const settings = this.settings.get();
    // The cell renderer shares the output folder's journal file: let it finish first.
    await this.retireCellRun();
    // Set up exactly as the CLI sets up a run (run-setup.ts): timeouts, recycling, where AIMD starts, the
    // tier's rate. No give-up deadline: the studio keeps probing and shows "Cannot reach <host> since".
    const setup = await setUpRun({
      course: open.course,
      outDir: open.outDir,
      engine: settings.engine,
      format: formatFor(open.course, settings),
      maxConnections: settings.maxConnections,
      ...(settings.engine === 'azure' && settings.azureTier ? { tier: settings.azureTier } : {}),
      createEngine: () => this.options.createEngine(settings),
      ...(this.options.poolOptions ? { poolOptions: this.options.poolOptions } : {}),
    });
    const pool = this.track(setup.pool);
    const run: CourseRun = setup.run;
    let prepared: { toRender: RenderJob[]; cached: RenderJob[] };
    try {
      const problems = await setup.voiceProblems(open.view.file);
      if (problems.length) {
        throw new StudioError('course-invalid', `The course uses voices the ${settings.engine} engine cannot speak:\n${problems.join('\n')}`);
      }
      if (this.active) throw new StudioError('busy', 'A run is already in progress.');
      prepared = await run.prepare();
    } catch (error) {
      await this.closePool(pool).catch(() => undefined);
      throw error;
    }
    if (this.active || this.course !== open) {
      await this.closePool(pool).catch(() => undefined);
      throw new StudioError('busy', 'Something else changed while the run was starting; try again.');
    }
    const record: RunRecord = { run, pool, engine: settings.engine, outDir: open.outDir, total: run.jobs.length, cached: prepared.cached.length, ended: false };
    this.active = record;
    this.lastRun = record;
    for (const job of prepared.cached) this.setCell(job, withDuration(this.cellOf(job)?.status === 'done' ? { status: 'done' } : { status: 'cached' }, this.durations.get(job.key)));
    for (const job of prepared.toRender) this.setCell(job, { status: 'queued' });
    run.on('item', (event) => this.onItem(record, event));
    run.on('state', () => {
      this.runEvents.schedule();
      this.poolEvents.schedule();
    });
    this.attachGauges(pool, settings.engine, () => run.snapshot());
    this.gauges.resetWindow();
    this.startSampling();
    const outcome = run.run().then(
      (summary) => summary.state,
      (error: unknown) => {
        record.crash = `The run stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
        this.log.error(`run crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return 'stopped' as const;
      },
    );
    record.settled = outcome;
    record.done = outcome.then((state) => this.onRunEnded(record, state));
    this.runEvents.schedule();
    return this.runView();
  }

  pauseRun(): RunView {
    this.activeRun()?.run.pause();
    this.runEvents.schedule();
    return this.runView();
  }

  /**
   * The machine is going to sleep: sleep kills every socket, so stop starting renders now rather than
   * fail them against dead connections. Remembered, so waking resumes only what sleep paused.
   */
  onSystemSuspend(): void {
    const active = this.activeRun();
    const state = active?.run.snapshot()?.state;
    if (active && (state === 'running' || state === 'holding')) {
      active.run.pause();
      this.pausedBySleep = true;
      this.runEvents.schedule();
    }
  }

  /**
   * The machine woke up: every pooled synthesizer's socket is presumed dead, so idle ones are replaced
   * now and busy ones when they are returned (pool-and-throttling.md §4.7); then a run that sleep
   * paused goes on.
   */
  onSystemResume(): void {
    for (const pool of this.pools) pool.resources.markAllForRetirement();
    if (this.pausedBySleep) {
      this.pausedBySleep = false;
      this.activeRun()?.run.resume();
      this.runEvents.schedule();
    }
  }

  /** Resumes a paused run; a run that stopped (auth, quota, disk) resumes as a new run from the journal. */
  async resumeRun(): Promise<RunView> {
    const active = this.activeRun();
    if (active) {
      active.run.resume();
      this.runEvents.schedule();
      return this.runView();
    }
    if (this.lastRun && this.runView().state === 'stopped') return this.startRun();
    return this.runView();
  }

  cancelRun(): RunView {
    this.activeRun()?.run.cancel();
    this.runEvents.schedule();
    return this.runView();
  }

  /** Requeues failed renders in a live run; after a run, starts a new one (the journal skips what is done). */
  async retryFailed(): Promise<RunView> {
    const active = this.activeRun();
    if (active) {
      active.run.retryFailed();
      this.runEvents.schedule();
      return this.runView();
    }
    const hasFailures = [...this.cells.values()].some(({ cell }) => cell.status === 'failed');
    if (hasFailures) return this.startRun();
    return this.runView();
  }

  /** Re-renders one cell now, at high priority (ahead of queued batch renders in the pool). */
  async renderCell(phraseId: string, variantId: string): Promise<RenderCell> {
    const open = this.requireCourse();
    this.assertNotShuttingDown();
    const id = cellId(phraseId, variantId);
    const job = open.byId.get(id);
    if (!job) throw new StudioError('not-found', `The course has no phrase "${phraseId}" with variant "${variantId}".`);
    this.setCell(job, { status: 'running', attempt: 1 });
    try {
      const active = this.activeRun();
      const entry = active ? await active.run.renderNow(id) : await this.withCellRun((run) => run.renderNow(id));
      const cell: RenderCell = { status: 'done', durationMs: entry.durationMs };
      if (this.course !== open) return cell;
      this.durations.set(job.key, entry.durationMs);
      this.gauges.countRender();
      this.setCell(job, cell);
      return cell;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const kind = (error as { kind?: string }).kind ?? 'unknown';
      const cell: RenderCell = { status: 'failed', attempt: 1, error: message, errorKind: kind };
      if (this.course === open) this.setCell(job, cell);
      this.gauges.recordError(kind, message);
      if (error instanceof StudioError || (error as Error).name === 'EngineUnavailableError') throw error;
      return cell;
    }
  }

  // ------------------------------------------------------------------ voices, audition, preview

  async listVoices(locale?: string): Promise<VoiceInfo[]> {
    const settings = this.settings.get();
    if (settings.engine === 'offline') return catalogVoices(locale);
    const signature = engineSignature(settings);
    if (this.voiceCache?.signature === signature && Date.now() - this.voiceCache.atMs < VOICE_CACHE_MS) return filterVoices(this.voiceCache.voices, locale);
    const engine = await this.options.createEngine(settings);
    try {
      if (!canListVoices(engine)) return catalogVoices(locale);
      const voices = await engine.listVoices();
      this.voiceCache = { signature, atMs: Date.now(), voices };
      return filterVoices(voices, locale);
    } finally {
      await engine.close().catch(() => undefined);
    }
  }

  /** Renders a short text with a voice and rate, cached by content, at high priority. */
  async audition(request: { text: string; voice: string; rate: number; locale?: string | undefined }): Promise<AudioRef> {
    this.assertNotShuttingDown();
    const settings = this.settings.get();
    const locale = request.locale || localeOfAzureVoice(request.voice);
    if (!locale || !locale.includes('-')) throw new StudioError('invalid-input', `Cannot tell the language of voice "${request.voice}"; pick a voice such as "es-ES-ElviraNeural".`);
    const text = request.text.trim();
    if (!text) throw new StudioError('invalid-input', 'Type something to listen to.');
    const ssml = buildSsml({ text, voice: request.voice, rate: request.rate, locale });
    const file = join(this.options.auditionCacheDir, `${renderKey({ ssml, format: settings.format, engine: settings.engine })}.${settings.format}`);
    let bytes = await readFile(file).catch(() => undefined);
    if (!bytes) {
      const active = this.activeRun();
      const pool = active && active.engine === settings.engine ? active.pool : await this.interactivePool(settings);
      const audio = await pool.synthesize({ ssml, text, voice: request.voice, rate: request.rate, locale, format: settings.format }, undefined, 'high');
      this.gauges.countRender();
      await writeFileAtomic(file, audio.bytes, { fsync: false });
      bytes = Buffer.from(audio.bytes);
      if (++this.auditionWrites % 50 === 0) void this.pruneAuditionCache();
    }
    const token = await this.tokens.register(file);
    if (!token) throw new StudioError('not-found', 'The audition could not be saved; check the disk space.');
    return { url: this.options.audioUrl(token), durationMs: Math.round(durationMsOf(bytes, settings.format)) };
  }

  /**
   * The rendered file of a cell: a URL to play, its duration and a waveform. WAV: ~200 peaks read from
   * the PCM here. MP3: none (main has no MP3 decoder; see peaks.ts): the page decodes the file itself
   * with Web Audio, fetching the same URL (app://audio answers app://studio's fetch with CORS).
   */
  async preview(phraseId: string, variantId: string): Promise<Preview> {
    const open = this.requireCourse();
    const job = open.byId.get(cellId(phraseId, variantId));
    if (!job) throw new StudioError('not-found', `The course has no phrase "${phraseId}" with variant "${variantId}".`);
    const path = join(open.outDir, job.file);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) throw new StudioError('not-found', `"${phraseId}" (${variantId}) has not been rendered yet. Press Enter to render it, or Generate.`);
    const token = await this.tokens.register(path);
    if (!token) throw new StudioError('not-found', `The file of "${phraseId}" (${variantId}) is not in the output folder.`);
    let durationMs = 0;
    let peaks: number[] = [];
    try {
      durationMs = Math.round(durationMsOf(bytes, job.format));
      peaks = job.format === 'wav' ? wavPeaks(bytes) : [];
    } catch (error) {
      this.log.warn(`preview: ${job.file} could not be parsed: ${(error as Error).message}`);
    }
    return { url: this.options.audioUrl(token), durationMs, file: job.file, peaks, voice: job.voice, rate: job.rate };
  }

  // ------------------------------------------------------------------ settings

  async settingsView(): Promise<SettingsView> {
    const settings = this.settings.get();
    return { ...settings, azure: { ...settings.azure, keySet: await this.options.secrets.has() } };
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    const before = this.settings.get();
    const changesPlan = (patch.engine !== undefined && patch.engine !== before.engine) || (patch.format !== undefined && patch.format !== before.format) || (patch.outputDir !== undefined && resolve(patch.outputDir) !== resolve(before.outputDir));
    const changesEngine = (patch.engine !== undefined && patch.engine !== before.engine) || (patch.azure !== undefined && JSON.stringify({ ...before.azure, ...patch.azure }) !== JSON.stringify(before.azure));
    if (this.activeRun() && (changesPlan || changesEngine)) {
      throw new StudioError('busy', 'The engine, format and output folder cannot change during a run. Cancel the run or let it finish first.');
    }
    if (patch.outputDir !== undefined && !isAbsolute(patch.outputDir)) throw new StudioError('invalid-input', 'Choose the output folder as a full path (for example /home/you/Course Audio).');
    const normalized: SettingsPatch = patch.outputDir !== undefined ? { ...patch, outputDir: resolve(patch.outputDir) } : patch;
    const after = this.settings.update(normalized);
    if (after.maxConnections !== before.maxConnections) {
      const active = this.activeRun();
      active?.pool.setMaxConnections(after.maxConnections);
      active?.run.generationQueue?.setMaxConcurrency(after.maxConnections);
      this.poolEvents.schedule();
    }
    if (changesEngine || after.maxConnections !== before.maxConnections) this.retireInteractivePool();
    if (changesEngine) this.voiceCache = undefined;
    if (changesPlan && this.course) {
      await this.retireCellRun();
      await this.replan(this.course.course, this.course.view.file, this.course.view.warnings, after.engine !== before.engine || after.format !== before.format, this.course.savePath);
    }
    const view = await this.settingsView();
    this.options.events.emit('settings:changed', view);
    return view;
  }

  /** Stores (or with null / empty, forgets) the Azure key. Answers with the view: keySet only. */
  async setKey(key: string | null): Promise<SettingsView> {
    const trimmed = key?.trim() ?? '';
    if (trimmed) await this.options.secrets.set(trimmed);
    else await this.options.secrets.clear();
    // A pool built with the old key must not serve the next audition.
    if (this.settings.get().engine === 'azure') this.retireInteractivePool();
    this.voiceCache = undefined;
    const view = await this.settingsView();
    this.options.events.emit('settings:changed', view);
    return view;
  }

  /** The file of a cell (when rendered), else the course's output folder (else the output root); the transport reveals it. */
  async showInFolder(ref: { phraseId?: string | undefined; variantId?: string | undefined }): Promise<{ path: string }> {
    const open = this.course;
    if (!open) {
      const root = resolve(this.settings.get().outputDir);
      await mkdir(root, { recursive: true });
      return { path: root };
    }
    if (ref.phraseId && ref.variantId) {
      const job = open.byId.get(cellId(ref.phraseId, ref.variantId));
      if (job) {
        const file = join(open.outDir, job.file);
        if (await stat(file).then((info) => info.isFile(), () => false)) return { path: file };
      }
    }
    await mkdir(open.outDir, { recursive: true });
    return { path: open.outDir };
  }

  // ------------------------------------------------------------------ shutdown

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
          this.activeRun()?.run.pause();
        },
      },
      {
        name: 'settle in-flight renders',
        run: async (signal) => {
          const active = this.activeRun();
          if (!active) return;
          const until = performance.now() + (this.options.settleMs ?? 3_000);
          while ((active.run.snapshot()?.inFlight ?? 0) > 0 && performance.now() < until && !signal.aborted) await delay(25);
          active.run.cancel();
          // run() returns once the queue settled and the journal and manifest are written.
          await Promise.race([active.settled, abortPromise(signal)]);
        },
      },
      {
        name: 'persist journal and manifest',
        run: async () => {
          await this.lastRun?.run.close();
          await this.retireCellRun();
        },
      },
      {
        name: 'close pools',
        run: async () => {
          this.retireInteractivePool();
          await Promise.all([...[...this.pools].map((pool) => this.closePool(pool)), ...this.retiredPools]);
          await this.close();
        },
      },
    ];
  }

  /** Stops timers and event emission. Pools are closed by the shutdown steps. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sampleTimer);
    this.runEvents.flushNow();
    this.cellEvents.flushNow();
    this.poolEvents.flushNow();
    this.runEvents.close();
    this.cellEvents.close();
    this.poolEvents.close();
  }

  // ------------------------------------------------------------------ internals

  private async setCourse(loaded: LoadedCourse, savePath?: string): Promise<CourseView> {
    this.assertIdle('open another course');
    await this.retireCellRun();
    this.lastRun = undefined;
    this.cells = new Map();
    this.durations = new Map();
    this.cellEvents.clear();
    await this.replan(loaded.course, loaded.file, loaded.warnings, false, savePath);
    return this.course!.view;
  }

  /** Plans the course under the current settings and recomputes every cell (see planCells). */
  private async replan(course: Course, file: string, warnings: readonly string[], markStale: boolean, savePath: string | undefined): Promise<void> {
    const settings = this.settings.get();
    let jobs: RenderJob[];
    try {
      jobs = planRenders(course, { engine: settings.engine, format: formatFor(course, settings) });
    } catch (error) {
      throw new StudioError('course-invalid', `${file}: ${(error as Error).message}`);
    }
    const outDir = resolve(settings.outputDir, course.id);
    const finished = await readFinishedRenders(outDir).catch((error: unknown) => {
      this.log.warn(`cannot read the journal in ${outDir}: ${(error as Error).message}`);
      return NOTHING_FINISHED;
    });
    const view = toCourseView(course, file, warnings);
    this.course = { course, view, savePath, jobs, byId: new Map(jobs.map((job) => [cellId(job.phraseId, job.variantId), job])), outDir };
    this.tokens.setRoots([outDir, this.options.auditionCacheDir]);
    for (const [key, durationMs] of finished.durations) this.durations.set(key, durationMs);
    const previous = this.cells;
    this.cells = planCells(jobs, finished, previous, markStale);
    this.options.events.emit('course:changed', view);
    for (const [id, next] of this.cells) {
      const before = previous.get(id);
      if (!before || before.cell !== next.cell) this.cellEvents.set(id, next.cell);
    }
    this.cellEvents.flushNow();
    this.runEvents.schedule();
  }

  private onItem(record: RunRecord, event: RenderItemEvent): void {
    if (this.course?.outDir !== record.outDir) return;
    const job = this.course.byId.get(event.id);
    if (!job) return;
    const error = event.error ? (event.error.detail ? `${event.error.message} (${event.error.detail})` : event.error.message) : undefined;
    const durationMs = event.durationMs;
    if (durationMs !== undefined) this.durations.set(job.key, durationMs);
    const cell: RenderCell = { status: event.status, attempt: event.attempt, ...(durationMs !== undefined ? { durationMs } : {}), ...(error ? { error, errorKind: event.error!.kind } : {}) };
    this.setCell(job, cell);
    if (event.status === 'done') this.gauges.countRender();
    if (event.error?.kind === 'throttled') this.gauges.recordThrottle(error ?? 'Throttled');
    else if (event.error && event.error.kind !== 'cancelled') this.gauges.recordError(event.error.kind, error ?? event.error.kind);
    this.runEvents.schedule();
  }

  private async onRunEnded(record: RunRecord, state: string): Promise<void> {
    record.ended = true;
    if (this.active === record) this.active = undefined;
    this.stopSampling();
    this.gauges.sample();
    await this.closePool(record.pool).catch((error: unknown) => this.log.warn(`closing the run's pool: ${(error as Error).message}`));
    this.log.info(`run ended: ${state}`);
    this.runEvents.schedule();
    this.poolEvents.schedule();
  }

  /** The run whose queue still dispatches (not finished, cancelled or stopped). */
  private activeRun(): RunRecord | undefined {
    const active = this.active;
    if (!active || active.ended) return undefined;
    const state = active.run.snapshot()?.state;
    return state === undefined || ACTIVE_STATES.has(state) ? active : undefined;
  }

  private setCell(job: RenderJob, cell: RenderCell): void {
    const id = cellId(job.phraseId, job.variantId);
    this.cells.set(id, { key: job.key, cell });
    this.cellEvents.set(id, cell);
  }

  private cellOf(job: RenderJob): RenderCell | undefined {
    return this.cells.get(cellId(job.phraseId, job.variantId))?.cell;
  }

  private cellRecord(): Record<string, RenderCell> {
    const out: Record<string, RenderCell> = {};
    for (const [id, { cell }] of this.cells) out[id] = cell;
    return out;
  }

  private requireCourse(): OpenCourse {
    if (!this.course) throw new StudioError('not-found', 'Open a course first.');
    return this.course;
  }

  private assertIdle(what: string): void {
    this.assertNotShuttingDown();
    if (this.activeRun()) throw new StudioError('busy', `A run is in progress: cancel it or let it finish before you ${what}.`);
  }

  private assertNotShuttingDown(): void {
    if (this.shuttingDown) throw new StudioError('busy', 'The studio is closing.');
  }

  /**
   * The pool for auditions and single-cell renders outside a run: small (auditions are one at a time,
   * by ear), created on first use, idle workers released after a minute, replaced when the engine,
   * its settings or the key change.
   */
  private async interactivePool(settings: Settings): Promise<EnginePool> {
    const signature = engineSignature(settings);
    if (this.interactive?.signature !== signature) {
      this.retireInteractivePool();
      const created = this.options.createEngine(settings).then((engine) => {
        const pool = this.track(new EnginePool(engine, { idleTimeoutMs: 60_000, ...this.options.poolOptions, maxConnections: Math.min(2, settings.maxConnections) }));
        if (!this.activeRun()) this.attachGauges(pool, settings.engine);
        return pool;
      });
      this.interactive = { signature, engine: settings.engine, pool: created };
      created.catch(() => {
        if (this.interactive?.pool === created) this.interactive = undefined;
      });
    }
    return this.interactive!.pool;
  }

  private retireInteractivePool(): void {
    const retired = this.interactive;
    if (!retired) return;
    this.interactive = undefined;
    const closing = retired.pool.then(
      (pool) => this.closePool(pool),
      () => undefined,
    );
    this.retiredPools.add(closing);
    void closing.finally(() => this.retiredPools.delete(closing));
  }

  /**
   * Single-cell renders outside a run go through a short-lived CourseRun (so the file is written and
   * journaled exactly as in a run), shared by overlapping renders and closed when the last one ends.
   * Only one journal handle per output folder is ever open.
   */
  private async withCellRun<T>(fn: (run: CourseRun) => Promise<T>): Promise<T> {
    // One made for an earlier plan keeps serving its own renders but takes no new ones.
    if (this.cellRun && this.cellRun.course !== this.course) await this.retireCellRun();
    if (!this.cellRun) {
      await this.cellRunClosing;
      if (!this.cellRun) {
        const open = this.requireCourse();
        const settings = this.settings.get();
        const run = this.interactivePool(settings).then(
          (pool) => new CourseRun({ course: open.course, outDir: open.outDir, engine: settings.engine, format: formatFor(open.course, settings), pool, maxConcurrency: 1 }),
        );
        this.cellRun = { course: open, run, users: 0 };
      }
    }
    const record = this.cellRun;
    record.users++;
    try {
      return await fn(await record.run);
    } finally {
      record.users--;
      if (record.users === 0) {
        if (this.cellRun === record) this.cellRun = undefined;
        this.cellRunClosing = record.run.then((run) => run.close()).catch((error: unknown) => this.log.warn(`closing the cell journal: ${(error as Error).message}`));
      }
    }
  }

  /** Waits for single-cell renders to finish and their journal to close (before a run opens its own). */
  private async retireCellRun(): Promise<void> {
    const record = this.cellRun;
    if (record) {
      this.cellRun = undefined;
      while (record.users > 0) await delay(20);
    }
    await this.cellRunClosing;
  }

  private attachGauges(pool: EnginePool, engine: EngineName, queue?: Parameters<PoolGaugeTracker['attach']>[2]): void {
    this.gauges.attached?.resources.off('stats-changed', this.onPoolStats);
    this.gauges.attach(pool, engine, queue);
    pool.resources.on('stats-changed', this.onPoolStats);
    this.poolEvents.schedule();
  }

  private track(pool: EnginePool): EnginePool {
    this.pools.add(pool);
    return pool;
  }

  /** Closes a pool (idempotent) and forgets it once every synthesizer is closed. */
  private async closePool(pool: EnginePool): Promise<void> {
    await pool.close();
    this.pools.delete(pool);
  }

  private startSampling(): void {
    clearInterval(this.sampleTimer);
    this.sampleTimer = setInterval(() => {
      this.gauges.sample();
      this.poolEvents.schedule();
      this.runEvents.schedule(); // ETA and elapsed move even when no render finished
    }, this.options.intervals?.sample ?? 1_000);
    this.sampleTimer.unref();
  }

  private stopSampling(): void {
    clearInterval(this.sampleTimer);
    this.sampleTimer = undefined;
  }

  /**
   * The bundled sample courses: `name` is the file name without its extension (what the page shows and
   * sends back to course:openSample), `title` the course's own (the JSON's title, the CSV's `# title:`
   * line), read by loading the course as opening it would. A sample that does not load keeps its file
   * name as title and stays listed: opening it shows its located errors.
   */
  private async sampleCourses(): Promise<SampleCourse[]> {
    const dir = this.options.samplesDir;
    if (!dir) return [];
    const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => SAMPLE_EXTENSIONS.has(extname(file).toLowerCase())).sort();
    const samples: SampleCourse[] = [];
    const taken = new Set<string>();
    for (const file of files) {
      const stem = basename(file, extname(file));
      // Two samples with one stem (x.json, x.csv): the second keeps its extension in its name.
      const name = taken.has(stem) ? file : stem;
      taken.add(name);
      const title = await loadCourseFile(join(dir, file)).then(
        (loaded) => loaded.course.title,
        () => stem,
      );
      samples.push({ name, title, file });
    }
    return samples;
  }

  /** Keeps the audition cache bounded: the oldest files go first. */
  private async pruneAuditionCache(): Promise<void> {
    const dir = this.options.auditionCacheDir;
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.length <= AUDITION_CACHE_LIMIT) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.mtime - b.mtime);
    await Promise.all(dated.slice(0, names.length - AUDITION_CACHE_LIMIT).map(({ name }) => unlink(join(dir, name)).catch(() => undefined)));
  }
}

/** Identity of an engine configuration, without the key (a key change retires pools explicitly). */
function engineSignature(settings: Settings): string {
  return JSON.stringify([settings.engine, settings.azure.region, settings.azure.host, settings.maxConnections]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A course that names its own output format keeps it (as the CLI does); otherwise the studio's setting. */
function formatFor(course: Course, settings: { readonly format: OutputFormat }): OutputFormat {
  return course.output?.format ?? settings.format;
}
