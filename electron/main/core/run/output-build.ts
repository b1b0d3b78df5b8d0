import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderJob } from '../../../../shared/model/render';
import { legacyRenderKey, synthesisKey } from '../course/render-plan';
import type { SynthesizedAudio } from '../engines/speech-engine';
import { writeFileAtomic } from '../output/atomic-write';
import { durationMsOf } from '../output/audio-duration';
import { AnalysisCache } from '../deliver/analysis-cache';
import { shapingForJob } from '../deliver/course-shaping';
import { sharedDerivePool, type DerivePool } from '../derive-pool/derive-pool';
import type { DeliverySettings } from '../output/deliver';
import { asStorageError, isStorageFailure } from '../output/storage-error';
import { crashDue, crashNow } from './crash-points';
import { stampOf, stampOfWritten } from './file-check';
import { RunJournal, type JournalEntry } from './journal';
import { MasterStore, masterPath } from './master-store';

/**
 * The output folder as a build from masters. Synthesis (the billed step) only ever fills the masters
 * cache; every file in the output folder is derived from a master with the course's delivery settings
 * and journalled with its size, mtime and hash. Files the course no longer names (an earlier format,
 * a deleted phrase) are removed from the output, never from the masters, so the folder equals the
 * manifest.
 */
export interface OutputBuildOptions {
  readonly delivery: DeliverySettings;
  /** Hash every master and delivered file instead of trusting size + mtime. */
  readonly verify?: boolean;
  /** Told about entries ignored, files found changed, masters adopted, files removed. */
  readonly report?: (line: string) => void;
  /** Where files are derived (default: the process's shared pool of derive workers). */
  readonly derive?: DerivePool;
}

/** Computed once per job: a run asks for it at every step of every render (a sha256 each time). */
const masterKeys = new WeakMap<RenderJob, string>();

export function masterKeyOf(job: RenderJob): string {
  let key = masterKeys.get(job);
  if (key === undefined) {
    key = synthesisKey({ ssml: job.ssml, engine: job.engine });
    masterKeys.set(job, key);
  }
  return key;
}

export class OutputBuild {
  /** Files delivered into the output folder by this build (derived from masters). */
  written = 0;

  private constructor(
    readonly outDir: string,
    readonly masters: MasterStore,
    readonly journal: RunJournal,
    private readonly analyses: AnalysisCache,
    private readonly options: OutputBuildOptions,
  ) {}

  /** The worker threads this build derives in (lesson tracks built during a run use them too). */
  get derive(): DerivePool {
    return this.options.derive ?? sharedDerivePool();
  }

  /** The clips' loudness measurements, shared with lesson tracks built during the run. */
  get analysisCache(): AnalysisCache {
    return this.analyses;
  }

  static async open(outDir: string, options: OutputBuildOptions): Promise<OutputBuild> {
    try {
      const opts = { verify: options.verify ?? false, ...(options.report ? { report: options.report } : {}) };
      const masters = await MasterStore.open(outDir, opts);
      const journal = await RunJournal.open(outDir, opts).catch(async (error: unknown) => {
        await masters.close();
        throw error;
      });
      const analyses = await AnalysisCache.open(outDir);
      return new OutputBuild(outDir, masters, journal, analyses, options);
    } catch (error) {
      throw asStorageError(error, outDir);
    }
  }

  isDelivered(job: RenderJob): boolean {
    return this.journal.lookup(job.key, job.file) !== undefined;
  }

  hasMaster(job: RenderJob): boolean {
    return this.masters.get(masterKeyOf(job)) !== undefined;
  }

  /**
   * Adopts `job`'s file from a journal written before the masters cache, when its entry names exactly
   * this render: a WAV is the engine's audio, so it becomes the master (and stays delivered); an MP3
   * stays delivered without a master. Either way nothing is synthesized (billed) again.
   */
  async adoptLegacy(job: RenderJob): Promise<boolean> {
    const entry = this.journal.takeLegacy(job.file);
    if (!entry || entry.key !== legacyRenderKey(job) || entry.format !== job.format) return false;
    const path = join(this.outDir, job.file);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes || bytes.byteLength !== entry.bytes) return false;
    let durationMs: number;
    try {
      durationMs = durationMsOf(bytes, job.format);
      if (job.format === 'wav') await this.masters.store(masterKeyOf(job), bytes);
    } catch (error) {
      if (isStorageFailure(error)) throw asStorageError(error, this.outDir);
      return false; // not audio we can vouch for: synthesized again
    }
    const master = job.format === 'wav' ? { master: masterKeyOf(job) } : {};
    await this.journal.record({ ...entry, key: job.key, durationMs: Math.round(durationMs), ...(await stampOf(path, bytes)), ...master, at: new Date().toISOString() });
    return true;
  }

  /** Stores what the engine synthesized for `job` as its master (WAV only: lossless, native rate). */
  async storeMaster(job: RenderJob, audio: SynthesizedAudio): Promise<void> {
    if (audio.format !== 'wav') throw new Error(`The ${job.engine} engine returned ${audio.format}; masters are WAV`);
    try {
      await this.masters.store(masterKeyOf(job), audio.bytes);
    } catch (error) {
      throw asStorageError(error, this.outDir);
    }
  }

  /**
   * Derives `job`'s file from its master, writes it atomically and journals it. Returns undefined when
   * the master is missing or no longer intact (the caller synthesizes it again). `justStored`: the
   * master's bytes when the caller has just stored them (not read back, nor hashed again).
   */
  async deliver(job: RenderJob, justStored?: Uint8Array): Promise<JournalEntry | undefined> {
    const master = masterKeyOf(job);
    const stored = this.masters.get(master);
    if (!stored) return undefined;
    // A copy: the engine's buffer may be held elsewhere, and this one moves to the derive worker.
    const wav = justStored ? justStored.slice() : await readFile(masterPath(this.masters.dir, master)).catch(() => undefined);
    const { shaping } = this.options.delivery;
    // A variant's own silence replaces the course's padding for this render (deliver/course-shaping.ts).
    const delivery = shaping ? { ...this.options.delivery, shaping: shapingForJob(shaping, job) } : this.options.delivery;
    const silence = delivery.shaping?.silence ?? false;
    const known = this.analyses.get(stored, silence);
    // Checked against its hash, derived and the result hashed in a derive worker: this thread only reads and writes.
    const derived =
      wav && wav.byteLength === stored.bytes
        ? await this.derive.deliver({
            kind: 'deliver',
            wav,
            sha256: stored.sha256,
            // Just stored: the very bytes the store hashed a moment ago.
            verified: justStored !== undefined,
            settings: delivery,
            spoken: { text: job.text, rate: job.rate },
            ...(known ? { analysis: known } : {}),
          })
        : undefined;
    if (!derived?.ok) {
      await this.masters.read(master); // reads it again and drops it from the index: it is synthesized again
      return undefined;
    }
    const { audio } = derived;
    // Came back from another thread (a copy): cached when measured now or extended (a new target's limiter levels).
    if (audio.analysis && (!known || JSON.stringify(audio.analysis) !== JSON.stringify(known))) this.analyses.set(stored, silence, audio.analysis);
    const path = join(this.outDir, job.file);
    try {
      const written = await writeFileAtomic(path, audio.bytes, { beforeRename: () => (crashDue('output-write') ? crashNow() : undefined) });
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
        ...(audio.loudnessLufs !== undefined ? { loudnessLufs: audio.loudnessLufs } : {}),
        ...(audio.truePeakDbtp !== undefined ? { truePeakDbtp: audio.truePeakDbtp } : {}),
        ...(audio.qa ? { qa: audio.qa } : {}),
        ...stampOfWritten(written, derived.sha256),
        master,
        at: new Date().toISOString(),
      };
      await this.journal.record(entry);
      this.written++;
      return entry;
    } catch (error) {
      throw asStorageError(error, this.outDir);
    }
  }

  /**
   * Removes delivered files the plan no longer names (another format, naming or phrase list), so the
   * output folder equals the manifest. Only files the journal vouches for (checked on open) are touched.
   */
  async prune(jobs: readonly RenderJob[]): Promise<string[]> {
    const named = new Set(jobs.map((job) => job.file));
    const removed: string[] = [];
    for (const entry of this.journal.entries()) {
      if (named.has(entry.file)) continue;
      try {
        await unlink(join(this.outDir, entry.file)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        await this.journal.forget(entry.file);
      } catch (error) {
        throw asStorageError(error, this.outDir);
      }
      removed.push(entry.file);
    }
    if (removed.length) this.options.report?.(`removed ${removed.length} file${removed.length === 1 ? '' : 's'} the course no longer names (e.g. ${removed[0]})`);
    return removed;
  }

  async close(): Promise<void> {
    // A cache: if it cannot be written, the next derive measures again; nothing else is lost.
    await this.analyses.save((key, sha256) => this.masters.get(key)?.sha256 === sha256).catch(() => undefined);
    await Promise.all([this.journal.close(), this.masters.close()]);
  }
}
