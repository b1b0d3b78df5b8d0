import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import type { RunSummary } from '../../../../shared/model/run-summary';
import { planRenders } from '../course/render-plan';
import type { EnginePool } from '../engines/engine-pool';
import type { SynthesizedAudio } from '../engines/speech-engine';
import { describeRenderError } from '../engines/describe-error';
import { writeFileAtomic, removeStaleTempFiles } from '../output/atomic-write';
import { GenerationQueue, type ItemEvent, type ItemFailure, type QueueSnapshot } from '../queue/generation-queue';
import type { GiveUpContext } from '../queue/give-up';
import { stopCodeOf } from './stop-code';
import { RunJournal, type JournalEntry } from './journal';
import { buildManifest, writeManifest } from './manifest';

/**
 * One generation run of a course into an output folder: plan the renders, take finished ones from the
 * journal, render the rest through the queue and the engine pool, write each file atomically and
 * journal it at once, and keep manifest.json current. The CLI and the studio both drive this.
 */
export interface CourseRunOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly pool: EnginePool;
  /** Renders in flight at most (the pool size). */
  readonly maxConcurrency: number;
  readonly initialConcurrency?: number;
  readonly rateLimit?: { readonly count: number; readonly intervalMs: number };
  /** Stop after this long without a completed render (a headless run); absent = keep probing. */
  readonly giveUpAfterMs?: number;
  describeGiveUp?(context: GiveUpContext): string;
  /** Rewrite manifest.json at most this often while running (it is always written at the end). */
  readonly manifestIntervalMs?: number;
}

export interface RenderItemEvent extends ItemEvent {
  readonly phraseId: string;
  readonly variantId: string;
  /** For 'done': the finished file's duration, as journalled. */
  readonly durationMs?: number;
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
  private journal: RunJournal | undefined;
  private journalOpening: Promise<RunJournal> | undefined;
  private cachedIds = new Set<string>();
  private manifestTimer: NodeJS.Timeout | undefined;
  private manifestDirty = false;
  private manifestPath = '';

  constructor(private readonly options: CourseRunOptions) {
    super();
    this.jobs = planRenders(options.course, { engine: options.engine, format: options.format });
    this.byId = new Map(this.jobs.map((job) => [jobId(job), job]));
  }

  /** Renders ids already finished (from the journal), available after `prepare()`. */
  get cached(): ReadonlySet<string> {
    return this.cachedIds;
  }

  /** Opens the journal and works out what is left, without rendering anything. */
  async prepare(): Promise<{ toRender: RenderJob[]; cached: RenderJob[] }> {
    const { outDir } = this.options;
    await removeStaleTempFiles(outDir);
    const journal = await this.openJournal();
    const toRender: RenderJob[] = [];
    const cached: RenderJob[] = [];
    for (const job of this.jobs) {
      if (journal.lookup(job.key, job.file) || (await this.reuseByContent(job))) {
        cached.push(job);
        this.cachedIds.add(jobId(job));
      } else toRender.push(job);
    }
    return { toRender, cached };
  }

  /** Runs to the end (finished, cancelled or stopped) and returns the summary. */
  async run(): Promise<RunSummary> {
    const { toRender, cached } = await this.prepare();
    const queue = new GenerationQueue<RenderJob & { id: string }>({
      // The synthesis holds a queue slot; writing and journalling the file is the commit step, which
      // runs after the slot is freed so a connection never waits on the disk.
      execute: async (job, signal) => {
        if (this.journal!.lookup(job.key, job.file)) return undefined; // renderNow() already did it
        const audio = await this.synthesize(job, signal, 'normal');
        return async () => {
          await this.persist(job, audio);
        };
      },
      describeError: describeRenderError,
      // A pool that learned a connection cap in an earlier run (the studio reuses pools) starts there.
      maxConcurrency: Math.min(this.options.maxConcurrency, this.options.pool.maxConnections),
      ...(this.options.initialConcurrency !== undefined ? { initialConcurrency: this.options.initialConcurrency } : {}),
      ...(this.options.rateLimit ? { rateLimit: this.options.rateLimit } : {}),
      ...(this.options.giveUpAfterMs !== undefined ? { giveUpAfterMs: this.options.giveUpAfterMs } : {}),
      ...(this.options.describeGiveUp ? { describeGiveUp: this.options.describeGiveUp } : {}),
    });
    this.queue = queue;
    queue.on('item', (event) => {
      const job = this.byId.get(event.id);
      if (!job) return;
      const durationMs = event.status === 'done' ? this.journal?.lookup(job.key, job.file)?.durationMs : undefined;
      this.emit('item', { ...event, phraseId: job.phraseId, variantId: job.variantId, ...(durationMs !== undefined ? { durationMs } : {}) });
    });
    queue.on('state', (state) => this.emit('state', state));
    // The pool learned the service's connection cap (or probes above it): renders in flight follow.
    const stopFollowingPool = this.options.pool.onCapacityChange(({ max }) => queue.setMaxConcurrency(Math.min(this.options.maxConcurrency, max)));
    queue.enqueue(
      toRender.map((job) => ({ ...job, id: jobId(job) })),
      cached.length,
    );
    this.manifestTimer = setInterval(() => void this.flushManifest(), this.options.manifestIntervalMs ?? 2_000);
    this.manifestTimer.unref();
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
   * renders (the studio's "re-render this cell"). Written and journaled exactly like a queued render;
   * works before and during run(), not after close().
   */
  async renderNow(id: string, signal: AbortSignal = new AbortController().signal): Promise<JournalEntry> {
    const job = this.byId.get(id);
    if (!job) throw new Error(`No render ${id} in this course`);
    await this.openJournal();
    return this.render(job, signal, 'high');
  }

  /** Writes the final manifest and closes the journal. The pool belongs to the caller. */
  async close(): Promise<void> {
    clearInterval(this.manifestTimer);
    if (this.journal) {
      this.manifestDirty = true;
      await this.flushManifest();
      await this.journal.close();
    }
  }

  /** One journal per run, opened once even when prepare() and renderNow() race. */
  private async openJournal(): Promise<RunJournal> {
    this.journalOpening ??= RunJournal.open(this.options.outDir).then((journal) => (this.journal = journal));
    return this.journalOpening;
  }

  private async render(job: RenderJob, signal: AbortSignal, priority: 'high' | 'normal'): Promise<JournalEntry> {
    return this.persist(job, await this.synthesize(job, signal, priority));
  }

  private synthesize(job: RenderJob, signal: AbortSignal, priority: 'high' | 'normal'): Promise<SynthesizedAudio> {
    return this.options.pool.synthesize(
      { ssml: job.ssml, text: job.text, voice: job.voice, rate: job.rate, locale: job.locale, format: job.format },
      signal,
      priority,
    );
  }

  /** Audio first (atomically), journal second: a kill between them costs one re-render, never a
   * journal entry pointing at a missing or partial file. */
  private async persist(job: RenderJob, audio: SynthesizedAudio): Promise<JournalEntry> {
    await writeFileAtomic(join(this.options.outDir, job.file), audio.bytes);
    const entry: JournalEntry = {
      key: job.key,
      phrase: job.phraseId,
      variant: job.variantId,
      file: job.file,
      durationMs: Math.round(audio.durationMs),
      voice: job.voice,
      rate: job.rate,
      engine: job.engine,
      format: job.format,
      bytes: audio.bytes.byteLength,
      at: new Date().toISOString(),
    };
    await this.journal!.record(entry);
    this.manifestDirty = true;
    return entry;
  }

  /** Same audio already rendered under another file name (renamed template, duplicated text): copy it. */
  private async reuseByContent(job: RenderJob): Promise<boolean> {
    const earlier = this.journal!.findByKey(job.key);
    if (!earlier) return false;
    const bytes = await readFile(join(this.options.outDir, earlier.file)).catch(() => undefined);
    if (!bytes || bytes.byteLength !== earlier.bytes) return false;
    await writeFileAtomic(join(this.options.outDir, job.file), bytes);
    await this.journal!.record({ ...earlier, phrase: job.phraseId, variant: job.variantId, file: job.file, at: new Date().toISOString() });
    return true;
  }

  private async flushManifest(): Promise<void> {
    if (!this.manifestDirty || !this.journal) return;
    this.manifestDirty = false;
    this.manifestPath = await writeManifest(this.options.outDir, buildManifest(this.options.course, this.jobs, this.journal));
  }

  private async summarize(state: RunSummary['state'], stop: ItemFailure | null): Promise<RunSummary> {
    await this.close();
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
      rendered: progress.done,
      cached: progress.cached,
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
    };
  }
}
