import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { RenderJob } from '../../../../shared/model/render';
import type { RunSummary } from '../../../../shared/model/run-summary';
import { deliveredLevels, type DeliveredLevels } from '../../../../shared/model/delivery';
import { planRenders } from '../course/render-plan';
import { shapingOf } from '../deliver/course-shaping';
import { LessonTracks, pruneTracks, type TracksOutcome } from '../deliver/lesson-tracks';
import { manifestTracks, readTrackIndex } from '../deliver/track-index';
import { describeRenderError } from '../engines/describe-error';
import { removeStaleTempFiles } from '../output/atomic-write';
import { asStorageError } from '../output/storage-error';
import { GenerationQueue, type ItemEvent, type ItemFailure, type QueueSnapshot } from '../queue/generation-queue';
import { forEachAtOnce } from './at-once';
import { stopCodeOf } from './stop-code';
import { synthesisOrder } from './synthesis-order';
import type { CourseRunOptions } from './course-run-options';
import type { JournalEntry } from './journal';
import { buildManifest, writeManifest } from './manifest';
import { masterKeyOf, OutputBuild } from './output-build';

export type { CourseRunOptions } from './course-run-options';

export interface RenderItemEvent extends ItemEvent {
  readonly phraseId: string;
  readonly variantId: string;
  /** For 'done': the finished file's duration, as journalled. */
  readonly durationMs?: number;
  /** For 'done': its loudness, true peak and QA flags, as journalled. */
  readonly levels?: DeliveredLevels;
}

export interface CourseRunEvents {
  item: [RenderItemEvent];
  state: [QueueSnapshot['state']];
}

const jobId = (job: RenderJob): string => `${job.phraseId}/${job.variantId}`;

export class CourseRun extends EventEmitter<CourseRunEvents> {
  readonly jobs: readonly RenderJob[];
  private readonly byId: Map<string, RenderJob>;
  private queue: GenerationQueue<RenderJob & { id: string }> | undefined;
  private build: OutputBuild | undefined;
  private buildOpening: Promise<OutputBuild> | undefined;
  private cachedIds = new Set<string>();
  /** Masters synthesized by this run (the billed renders), and those in flight by synthesis key. */
  private synthesized = 0;
  private readonly synthesizing = new Map<string, Promise<void>>();
  private manifestTimer: NodeJS.Timeout | undefined;
  private manifestDirty = false;
  private manifestPath = '';
  private tracks: LessonTracks | undefined;
  private tracksResult: { outcome: TracksOutcome } | { error: unknown } | undefined;

  constructor(private readonly options: CourseRunOptions) {
    super();
    const { engine, format, mp3Bitrate, sampleRate } = options;
    this.jobs = planRenders(options.course, { engine, format, ...(mp3Bitrate ? { mp3Bitrate } : {}), ...(sampleRate ? { sampleRate } : {}) });
    this.byId = new Map(this.jobs.map((job) => [jobId(job), job]));
  }

  /** Renders ids already finished (delivered, or derived from a master), available after `prepare()`. */
  get cached(): ReadonlySet<string> {
    return this.cachedIds;
  }

  /**
   * Opens the journal and the masters, removes files the course no longer names, derives every file
   * whose master is cached (no engine call) and works out what is left to synthesize.
   */
  async prepare(): Promise<{ toRender: RenderJob[]; cached: RenderJob[] }> {
    const { outDir } = this.options;
    await removeStaleTempFiles(outDir).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw asStorageError(error, outDir);
    });
    const build = await this.openBuild();
    await build.prune(this.jobs);
    const toRender: RenderJob[] = [];
    const cached: RenderJob[] = [];
    const toDerive: RenderJob[] = [];
    for (const job of this.jobs) {
      if (build.isDelivered(job) || (await build.adoptLegacy(job))) cached.push(job);
      else if (build.hasMaster(job)) toDerive.push(job);
      else toRender.push(job);
    }
    // Derived several at once, so every derive worker is busy (a switch to MP3 is nothing but this).
    await forEachAtOnce(toDerive, build.derive.size * 4, async (job) => {
      if (await build.deliver(job)) cached.push(job);
      else toRender.push(job);
    });
    const courseOrder = new Map(this.jobs.map((job, index) => [job, index]));
    const byCourseOrder = (a: RenderJob, b: RenderJob): number => courseOrder.get(a)! - courseOrder.get(b)!;
    toRender.sort(byCourseOrder);
    cached.sort(byCourseOrder);
    for (const job of cached) this.cachedIds.add(jobId(job));
    if (build.written) this.manifestDirty = true;
    return { toRender, cached };
  }

  /** Runs to the end (finished, cancelled or stopped) and returns the summary. */
  async run(): Promise<RunSummary> {
    const { toRender, cached } = await this.prepare();
    if (this.options.tracks && this.options.course.tracks?.length) await this.startTracks();
    const queue = new GenerationQueue<RenderJob & { id: string }>({
      // The synthesis holds a queue slot; writing and journalling the file is the commit step, which
      // runs after the slot is freed so a connection never waits on the disk.
      execute: async (job, signal) => {
        if (this.build!.isDelivered(job)) return undefined; // renderNow() already did it
        const commit = await this.synthesizeMaster(job, signal, 'normal');
        return async () => {
          const master = await commit();
          await this.deliver(job, signal, master);
        };
      },
      describeError: describeRenderError,
      // A pool that learned a connection cap in an earlier run (the studio reuses pools) starts there.
      // An eSpeak worker takes its next render while it runs one (callsPerSynthesizer): that many in flight each.
      maxConcurrency: Math.min(this.options.maxConcurrency, this.options.pool.maxConnections) * this.options.pool.callsPerSynthesizer,
      ...(this.options.initialConcurrency !== undefined ? { initialConcurrency: this.options.initialConcurrency } : {}),
      ...(this.options.rateLimit ? { rateLimit: this.options.rateLimit } : {}),
      ...(this.options.giveUpAfterMs !== undefined ? { giveUpAfterMs: this.options.giveUpAfterMs } : {}),
      ...(this.options.describeGiveUp ? { describeGiveUp: this.options.describeGiveUp } : {}),
    });
    this.queue = queue;
    queue.on('item', (event) => {
      const job = this.byId.get(event.id);
      if (!job) return;
      const entry = event.status === 'done' ? this.build?.journal.lookup(job.key, job.file) : undefined;
      const durationMs = entry?.durationMs;
      this.emit('item', {
        ...event,
        phraseId: job.phraseId,
        variantId: job.variantId,
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(entry ? { levels: deliveredLevels(entry) } : {}),
      });
    });
    queue.on('state', (state) => this.emit('state', state));
    // The pool learned the service's connection cap (or probes above it): renders in flight follow.
    const stopFollowingPool = this.options.pool.onCapacityChange(({ max }) =>
      queue.setMaxConcurrency(Math.min(this.options.maxConcurrency, max) * this.options.pool.callsPerSynthesizer),
    );
    queue.enqueue(
      synthesisOrder(toRender, this.options.engine).map((job) => ({ ...job, id: jobId(job) })),
      cached.length,
    );
    // A failed periodic write is retried by the next tick and by close(), which reports it.
    this.manifestTimer = setInterval(() => void this.flushManifest().catch(() => undefined), this.options.manifestIntervalMs ?? 2_000);
    this.manifestTimer.unref();
    // Deriving uses every core, beside eSpeak's workers too: eSpeak renders ~450 phrases a second and
    // waits on delivery most of a run, so a derive worker per core ran an MP3 run of the sample course
    // in 7.3 s against 10.0 s with one beside the engine, and a WAV run in the same time (3.04 / 3.06 s).
    try {
      const outcome = await queue.run();
      return await this.summarize(outcome.state, outcome.stopReason);
    } finally {
      clearInterval(this.manifestTimer);
      stopFollowingPool();
    }
  }

  pause(): void {
    this.queue?.pause();
  }
  resume(): void {
    this.queue?.resume();
  }
  cancel(): void {
    this.queue?.cancel();
  }
  retryFailed(): number {
    return this.queue?.retryFailed() ?? 0;
  }
  snapshot(): QueueSnapshot | undefined {
    return this.queue?.snapshot();
  }
  get generationQueue(): GenerationQueue<RenderJob & { id: string }> | undefined {
    return this.queue;
  }

  /**
   * Renders one job now, outside the queue, at the pool's 'high' priority, so it overtakes queued batch
   * renders (the studio's "re-render this cell"). Derived from its master when there is one; written
   * and journaled exactly like a queued render; works before and during run(), not after close().
   */
  async renderNow(id: string, signal: AbortSignal = new AbortController().signal): Promise<JournalEntry> {
    const job = this.byId.get(id);
    if (!job) throw new Error(`No render ${id} in this course`);
    await this.openBuild();
    const master = await (await this.synthesizeMaster(job, signal, 'high'))();
    return this.deliver(job, signal, master);
  }

  /**
   * The tracks built during the run (option `tracks`), once `run()` resolved: the outcome, or the error
   * that stopped them (the renders are unaffected). Undefined when the run built no tracks.
   */
  get tracksOutcome(): { outcome: TracksOutcome } | { error: unknown } | undefined {
    return this.tracksResult;
  }

  /** How many masters this run synthesized (engine calls that succeeded: what is billed). */
  get synthesizedCount(): number {
    return this.synthesized;
  }

  /** How many files this run delivered into the output folder (derived from masters). */
  get writtenCount(): number {
    return this.build?.written ?? 0;
  }

  /** Writes the final manifest and closes the journal and masters. The pool belongs to the caller. */
  async close(): Promise<void> {
    clearInterval(this.manifestTimer);
    if (this.build) {
      this.manifestDirty = true;
      try {
        await this.flushManifest();
      } finally {
        await this.build.close();
      }
    }
  }

  /** Track files the course no longer plans, when this run built none (deliver/lesson-tracks.ts `pruneTracks`). */
  private async pruneTracks(): Promise<void> {
    const { course, outDir, engine, format, mp3Bitrate, sampleRate, report } = this.options;
    try {
      const removed = await pruneTracks({ course, outDir, engine, format, ...(mp3Bitrate ? { mp3Bitrate } : {}), ...(sampleRate ? { sampleRate } : {}) });
      if (removed.length) report?.(`removed ${removed.length} track file${removed.length === 1 ? '' : 's'} the course no longer plans (e.g. ${removed[0]})`);
    } catch (error) {
      // Cleaning up is not worth a finished run's summary: said, and tried again by the next run.
      report?.(`old track files could not be removed: ${(asStorageError(error, outDir) as Error).message}`);
    }
  }

  private async startTracks(): Promise<void> {
    const { course, outDir, engine, format, mp3Bitrate, sampleRate } = this.options;
    const build = this.build!;
    try {
      this.tracks = await LessonTracks.start(
        { course, outDir, engine, format, ...(mp3Bitrate ? { mp3Bitrate } : {}), ...(sampleRate ? { sampleRate } : {}) },
        { masters: build.masters, analyses: build.analysisCache, derive: build.derive },
      );
    } catch (error) {
      this.tracksResult = { error };
    }
  }

  /** One build (journal + masters) per run, opened once even when prepare() and renderNow() race. */
  private async openBuild(): Promise<OutputBuild> {
    const { outDir, format, mp3Bitrate, sampleRate, verify, report } = this.options;
    this.buildOpening ??= OutputBuild.open(outDir, {
      delivery: { format, ...(mp3Bitrate ? { mp3Bitrate } : {}), ...(sampleRate ? { sampleRate } : {}), shaping: shapingOf(this.options.course) },
      ...(verify ? { verify } : {}),
      ...(report ? { report } : {}),
    }).then((build) => (this.build = build));
    return this.buildOpening;
  }

  /**
   * Makes sure `job`'s master exists: synthesized (holding a queue slot) unless the masters cache
   * holds it or another job with the same synthesis key is synthesizing it. Returns the commit step
   * that stores it, to run after the slot is freed; it resolves to the master's bytes when this job
   * synthesized it (so it is derived without reading it back), else undefined.
   */
  private async synthesizeMaster(job: RenderJob, signal: AbortSignal, priority: 'high' | 'normal'): Promise<() => Promise<Uint8Array | undefined>> {
    const build = this.build!;
    const key = masterKeyOf(job);
    const underway = this.synthesizing.get(key);
    if (underway) return () => underway.then(() => undefined);
    if (build.hasMaster(job)) return async () => undefined;
    let stored!: { resolve: () => void; reject: (error: unknown) => void };
    const storing = new Promise<void>((resolve, reject) => (stored = { resolve, reject }));
    storing.catch(() => undefined); // the owner reports its own failure; waiters see it through their commit
    this.synthesizing.set(key, storing);
    let audio;
    try {
      audio = await this.options.pool.synthesize({ ssml: job.ssml, text: job.text, voice: job.voice, rate: job.rate, locale: job.locale, format: 'wav' }, signal, priority);
    } catch (error) {
      this.synthesizing.delete(key);
      stored.reject(error);
      throw error;
    }
    return async () => {
      try {
        await build.storeMaster(job, audio);
        this.synthesized++;
        stored.resolve();
        return audio.bytes;
      } catch (error) {
        stored.reject(error);
        throw error;
      } finally {
        this.synthesizing.delete(key);
      }
    };
  }

  /** Master first, delivered file second, journal third: a kill anywhere costs at most a re-derive. */
  private async deliver(job: RenderJob, signal: AbortSignal, master?: Uint8Array): Promise<JournalEntry> {
    const entry = await this.build!.deliver(job, master);
    if (entry) {
      this.manifestDirty = true;
      this.tracks?.masterReady(masterKeyOf(job));
      return entry;
    }
    // The master went bad between the check and the read: synthesize it again, once.
    await (
      await this.synthesizeMaster(job, signal, 'high')
    )();
    const retried = await this.build!.deliver(job);
    if (!retried) throw new Error(`The master of ${jobId(job)} could not be read back after synthesis`);
    this.manifestDirty = true;
    this.tracks?.masterReady(masterKeyOf(job));
    return retried;
  }

  private async flushManifest(): Promise<void> {
    if (!this.manifestDirty || !this.build) return;
    this.manifestDirty = false;
    try {
      const tracks = manifestTracks(await readTrackIndex(this.options.outDir));
      this.manifestPath = await writeManifest(this.options.outDir, buildManifest(this.options.course, this.jobs, this.build.journal, tracks));
    } catch (error) {
      this.manifestDirty = true;
      throw asStorageError(error, this.options.outDir);
    }
  }

  /** Delivered renders the QA check flagged, in course order (read before close()). */
  private qaFindings(): NonNullable<RunSummary['qa']> {
    const findings: NonNullable<RunSummary['qa']> = [];
    for (const job of this.jobs) {
      const flags = this.build?.journal.lookup(job.key, job.file)?.qa;
      if (flags?.length) findings.push({ phrase: job.phraseId, variant: job.variantId, file: job.file, flags });
    }
    return findings;
  }

  private async summarize(state: RunSummary['state'], stop: ItemFailure | null): Promise<RunSummary> {
    const qa = this.qaFindings();
    // Before close(): the tracks read the masters, and the final manifest lists them.
    if (this.tracks)
      this.tracksResult = await this.tracks.finish(state === 'cancelled' ? 'partial' : 'complete').then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
    else if (state === 'finished') await this.pruneTracks();
    // The manifest is the last file a run writes. If the disk refuses it (full, read-only), the run
    // stopped on the disk rather than finished, and still answers with its summary.
    const closed = await this.close().then(
      () => undefined,
      (error: unknown): ItemFailure => ({ kind: 'fatal-local', message: error instanceof Error ? error.message : String(error) }),
    );
    if (closed && !stop) {
      stop = closed;
      if (state === 'finished') state = 'stopped';
    }
    const snapshot = this.queue!.snapshot();
    const progress = snapshot.progress;
    const failures = this.queue!.failures().map(({ job, error, attempts }) => ({
      phrase: job.phraseId,
      variant: job.variantId,
      kind: error.kind,
      reason: error.detail ? `${error.message} (${error.detail})` : error.message,
      attempts,
    }));
    return {
      total: this.jobs.length,
      rendered: this.synthesized,
      cached: progress.cached + progress.done - this.synthesized,
      written: this.build?.written ?? 0,
      failed: progress.failed,
      cancelled: progress.cancelled,
      pending: progress.remaining,
      state,
      stopReason: stop ? stopCodeOf(stop.kind) : null,
      stopMessage: stop?.message ?? null,
      ...(progress.remaining ? { pendingRenders: this.queue!.unfinished().map((job) => job.id) } : {}),
      course: this.options.course.id,
      engine: this.options.engine,
      format: this.options.format,
      outDir: this.options.outDir,
      manifest: this.manifestPath || join(this.options.outDir, 'manifest.json'),
      elapsedMs: progress.elapsedMs,
      rendersPerSecond: progress.elapsedMs > 0 ? Math.round((progress.done / progress.elapsedMs) * 100_000) / 100 : 0,
      throttleEvents: snapshot.throttleEvents,
      failures,
      qa,
    };
  }
}
