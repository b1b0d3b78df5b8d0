import type { RunView } from '../../../../shared/ipc/contract';
import type { EngineName } from '../../../../shared/model/audio';
import type { RenderJob } from '../../../../shared/model/render';
import type { EnginePoolOptions } from '../engines/engine-pool';
import { voiceProblemsMessage } from '../engines/voice-check';
import { AzureBatchEngine } from '../engines/azure-batch/azure-batch-engine';
import type { RenderItemEvent } from '../run/course-run';
import type { SettingsStore } from '../settings/settings-store';
import { levelsOfCell, withDuration } from './cell-states';
import type { CellRenderer } from './cell-renderer';
import type { CourseSession } from './course-session';
import type { EngineFactory } from './engine-factory';
import type { FolderLocks } from './folder-locks';
import type { Logger } from './logger';
import type { PoolReadout } from './pool-readout';
import type { PoolRegistry } from './pool-registry';
import { checkOutputFolder } from './output-folder-check';
import type { RateModel } from './rate-model';
import { isLiveRunState, isTerminalRunState } from '../../../../shared/model/progress';
import { batchRunView } from './batch-run-view';
import { setUpStudioRun } from './run-setup-studio';
import { buildRunView, type RunRecord } from './run-view';
import type { StudioEvents } from './studio-events';
import { StudioError } from './studio-error';

export interface RunControllerOptions {
  readonly settings: SettingsStore;
  readonly session: CourseSession;
  readonly cells: CellRenderer;
  readonly pools: PoolRegistry;
  readonly readout: PoolReadout;
  readonly rates: RateModel;
  readonly events: StudioEvents;
  readonly createEngine: EngineFactory;
  readonly poolOptions: Partial<EnginePoolOptions> | undefined;
  readonly log: Logger;
  /** The output folders' write lock (the CLI's): held from prepare until the journal is closed. */
  readonly locks: FolderLocks;
  /** Throws when the studio is closing. */
  readonly assertOpen: () => void;
}

/**
 * The run room: Generate, Pause, Resume, Cancel, Retry failed, and what the Run tab shows. One run at
 * a time; its record stays `active` until its pool is closed, and a Generate right after a run
 * finished waits for that close instead of failing as "already in progress".
 */
export class RunController {
  private active: RunRecord | undefined;
  private lastRun: RunRecord | undefined;
  /** A run paused because the machine went to sleep (not by the producer). */
  private pausedBySleep = false;

  constructor(private readonly options: RunControllerOptions) {}

  /** The run whose queue still dispatches (not finished, cancelled or stopped). */
  activeRun(): RunRecord | undefined {
    const active = this.active;
    if (!active || active.ended) return undefined;
    const state = active.run.snapshot()?.state;
    return state === undefined || isLiveRunState(state) ? active : undefined;
  }

  /**
   * Resolves once a run whose queue is over has also let go of the output folder and closed its pool
   * (it does so a moment after its state says finished); at once when there is none.
   */
  async settled(): Promise<void> {
    if (this.active && !this.activeRun()) await this.active.done;
  }

  /** The last run, if it ran the plan now open (a replan makes it history: the view shows the new plan). */
  private currentRun(): RunRecord | undefined {
    const record = this.active ?? this.lastRun;
    return record && record.plan === this.options.session.current ? record : undefined;
  }

  runView(): RunView {
    const { session, settings, rates } = this.options;
    const open = session.current;
    const record = this.currentRun();
    const view = buildRunView(record, {
      total: open?.jobs.length ?? 0,
      cached: session.finishedCount(),
      engine: open ? settings.get().engine : null,
      outDir: open?.outDir ?? null,
      rates,
    });
    return record?.batch ? batchRunView(view, record.batch) : view;
  }

  /** Generate; with `batch`, "Send to Azure batch": the same run through Azure batch synthesis jobs. */
  async startRun(mode: { readonly batch?: boolean } = {}): Promise<RunView> {
    const { session, settings: store, pools, readout, log } = this.options;
    const open = session.require();
    this.options.assertOpen();
    // A run whose queue is over but whose pool is still closing: wait for it (Generate right after a finish).
    await this.settled();
    if (this.active) throw new StudioError('busy', 'A run is already in progress.');
    const settings = store.get();
    if (mode.batch && settings.engine !== 'azure') {
      throw new StudioError('invalid-input', 'Sending to Azure batch needs the Azure engine: choose Azure in Settings (with your key and region), then try again.');
    }
    // A folder that cannot take files is said now, not after a run of failing writes.
    await checkOutputFolder(open.outDir, { create: true });
    // The cell renderer shares the output folder's journal file: let it finish first.
    await this.options.cells.retire();
    // One writer per folder: a CLI run writing it refuses Generate with who holds it and since when.
    const releaseFolder = await this.options.locks.hold(open.outDir);
    let setup: Awaited<ReturnType<typeof setUpStudioRun>>;
    try {
      setup = await setUpStudioRun(
        open,
        settings,
        this.options.createEngine,
        this.options.poolOptions,
        (created) => pools.track(created),
        mode.batch ? { log: (line) => log.info(line) } : undefined,
      );
    } catch (error) {
      await releaseFolder();
      throw error;
    }
    const { engine, pool, run, voiceProblems } = setup;
    let prepared: { toRender: RenderJob[]; cached: RenderJob[] };
    try {
      // The run setup's check (unknown voices, then styles the voices do not list): the CLI's words.
      const problems = await voiceProblems();
      if (problems.length) throw new StudioError('course-invalid', voiceProblemsMessage(settings.engine, problems));
      if (this.active) throw new StudioError('busy', 'A run is already in progress.');
      prepared = await run.prepare();
    } catch (error) {
      await pools.closePool(pool).catch(() => undefined);
      await run.close().catch(() => undefined);
      await releaseFolder();
      throw error;
    }
    if (this.active || session.current !== open) {
      await pools.closePool(pool).catch(() => undefined);
      await run.close().catch(() => undefined);
      await releaseFolder();
      throw new StudioError('busy', 'Something else changed while the run was starting; try again.');
    }
    const batch = engine instanceof AzureBatchEngine ? engine : undefined;
    const record: RunRecord = {
      run,
      pool,
      plan: open,
      engine: settings.engine,
      outDir: open.outDir,
      total: run.jobs.length,
      cached: prepared.cached.length,
      ended: false,
      releaseFolder,
      ...(batch ? { batch } : {}),
    };
    // Each batch job's step (submitted, polled, delivered) reaches the Run tab through the coalesced run:changed.
    const stopWatchingJobs = batch?.onJobsChanged(() => this.options.events.runChanged());
    this.active = record;
    this.lastRun = record;
    for (const job of prepared.cached)
      session.setCell(job, withDuration({ ...levelsOfCell(session.cellOf(job)), status: session.cellOf(job)?.status === 'done' ? 'done' : 'cached' }, session.durationOf(job.key)));
    for (const job of prepared.toRender) session.setCell(job, { status: 'queued' });
    const dispatchedAt = new Map<string, number>();
    run.on('item', (event) => this.onItem(record, event, dispatchedAt));
    run.on('state', (state) => {
      // The clock and the counts stop when the queue is over, not when the journal is closed.
      if (isTerminalRunState(state)) record.elapsedAtEndMs ??= run.snapshot()?.progress.elapsedMs ?? 0;
      this.options.events.runChanged();
      this.options.events.poolChanged();
    });
    readout.attach(pool, settings.engine, () => run.snapshot());
    readout.startSampling(`${settings.engine}\u0000${open.outDir}`);
    this.options.rates.runStarted();
    const outcome = run.run().then(
      (summary) => summary.state,
      (error: unknown) => {
        record.crash = `The run stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
        log.error(`run crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return 'stopped' as const;
      },
    );
    record.settled = outcome;
    record.done = outcome.then((state) => {
      stopWatchingJobs?.();
      return this.onRunEnded(record, state);
    });
    this.options.events.runChanged();
    return this.runView();
  }

  pauseRun(): RunView {
    this.activeRun()?.run.pause();
    this.options.events.runChanged();
    return this.runView();
  }

  /** Resumes a paused run; a run that stopped (auth, quota, disk) resumes as a new run from the journal. */
  async resumeRun(): Promise<RunView> {
    const active = this.activeRun();
    if (active) {
      active.run.resume();
      this.options.events.runChanged();
      return this.runView();
    }
    const last = this.currentRun();
    if (last && this.runView().state === 'stopped') return this.startRun({ batch: !!last.batch });
    return this.runView();
  }

  cancelRun(): RunView {
    this.activeRun()?.run.cancel();
    this.options.events.runChanged();
    return this.runView();
  }

  /** Requeues failed renders in a live run; after a run, starts a new one (the journal skips what is done). */
  async retryFailed(): Promise<RunView> {
    const active = this.activeRun();
    if (active) {
      active.run.retryFailed();
      this.options.events.runChanged();
      return this.runView();
    }
    if (this.options.session.hasFailures()) return this.startRun({ batch: !!this.currentRun()?.batch });
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
      this.options.events.runChanged();
    }
  }

  /**
   * The machine woke up: every pooled synthesizer's socket is presumed dead, so idle ones are replaced
   * now and busy ones when they are returned (docs/design/pool-and-throttling.md section 4.7); then a run that
   * sleep paused goes on.
   */
  onSystemResume(): void {
    this.options.pools.markAllForRetirement();
    if (this.pausedBySleep) {
      this.pausedBySleep = false;
      this.activeRun()?.run.resume();
      this.options.events.runChanged();
    }
  }

  /** Shutdown: stop dispatching new renders. */
  pauseForShutdown(): void {
    this.activeRun()?.run.pause();
  }

  /**
   * Shutdown: lets in-flight renders finish for up to `settleMs` (woken by the run's own item events,
   * not by polling), then cancels the rest and waits for the journal and manifest to be written.
   */
  async settle(settleMs: number, signal: AbortSignal): Promise<void> {
    const active = this.activeRun();
    if (!active) return;
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        active.run.off('item', check);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const check = (): void => {
        if ((active.run.snapshot()?.inFlight ?? 0) === 0) finish();
      };
      const timer = setTimeout(finish, settleMs);
      active.run.on('item', check);
      signal.addEventListener('abort', finish, { once: true });
      check();
    });
    active.run.cancel();
    // run() returns once the queue settled and the journal and manifest are written.
    await Promise.race([active.settled, abortPromise(signal)]);
  }

  /** Shutdown: the last run's journal and manifest are written and closed. */
  async closeLastRun(): Promise<void> {
    await this.lastRun?.run.close();
  }

  private onItem(record: RunRecord, event: RenderItemEvent, dispatchedAt: Map<string, number>): void {
    const { session, readout } = this.options;
    if (event.status === 'running') dispatchedAt.set(event.id, performance.now());
    else {
      const started = dispatchedAt.get(event.id);
      dispatchedAt.delete(event.id);
      // Batch renders wait for their job, not for a slot: their latency says nothing of the interactive rate.
      if (event.status === 'done' && started !== undefined && !record.batch) {
        this.options.rates.observe(record.engine, performance.now() - started, (record.run.snapshot()?.inFlight ?? 0) + 1, record.pool.maxConnections);
      }
    }
    if (session.current?.outDir !== record.outDir) return;
    const job = session.current.byId.get(event.id);
    if (!job) return;
    const error = event.error ? (event.error.detail ? `${event.error.message} (${event.error.detail})` : event.error.message) : undefined;
    const durationMs = event.durationMs;
    if (durationMs !== undefined) session.setDuration(job.key, durationMs);
    session.setCell(job, {
      status: event.status,
      attempt: event.attempt,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...event.levels,
      ...(error ? { error, errorKind: event.error!.kind } : {}),
    });
    if (event.status === 'done') readout.countRender();
    if (event.error?.kind === 'throttled') readout.recordThrottle(error ?? 'Throttled');
    else if (event.error && event.error.kind !== 'cancelled') readout.recordError(event.error.kind, error ?? event.error.kind);
    this.options.events.runChanged();
  }

  private async onRunEnded(record: RunRecord, state: string): Promise<void> {
    record.ended = true;
    record.elapsedAtEndMs ??= record.run.snapshot()?.progress.elapsedMs ?? 0;
    // run() has closed the journal and written the manifest: the folder is free for another writer.
    await record.releaseFolder?.().catch((error: unknown) => this.options.log.warn(`releasing the output folder: ${(error as Error).message}`));
    this.options.readout.stopSampling();
    await this.options.pools.closePool(record.pool).catch((error: unknown) => this.options.log.warn(`closing the run's pool: ${(error as Error).message}`));
    // Only now is the studio free for the next run: its pool is closed.
    if (this.active === record) this.active = undefined;
    this.options.log.info(`run ended: ${state}`);
    this.options.events.runChanged();
    this.options.events.poolChanged();
  }

  /** The engine of the run that is dispatching, if any (auditions borrow its pool). */
  activeEngine(): EngineName | undefined {
    return this.activeRun()?.engine;
  }
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
