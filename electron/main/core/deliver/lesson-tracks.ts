import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import type { ManifestTrack } from '../../../../shared/model/tracks';
import { planRenders } from '../course/render-plan';
import type { DerivePool } from '../derive-pool/derive-pool';
import type { TrackClip, TrackTask } from '../derive-pool/derive-tasks';
import { writeFileAtomic } from '../output/atomic-write';
import { pathExists } from '../path-exists';
import type { Mp3Bitrate } from '../output/mp3';
import { checkFile } from '../run/file-check';
import { masterPath, type MasterStore } from '../run/master-store';
import { masterKeyOf } from '../run/output-build';
import type { AnalysisCache } from './analysis-cache';
import { shapingForJob, shapingOf } from './course-shaping';
import { manifestTracks, readTrackIndex, writeTrackIndex, type TrackRecord } from './track-index';
import { planTracks, type TrackPlan } from './track-plan';
import { webVttChapters } from './track-tags';

/**
 * The course's track files, each built as soon as every clip it plays has a master, in the derive
 * workers (several at once), so a run in course order builds a lesson's track while the engine is
 * still rendering the next lessons. A track whose key (parts' delivery keys + layout) and file are
 * unchanged is kept; `finish()` waits for the builds, names the tracks left unbuilt (a part not
 * rendered), removes track files the course no longer names and writes the track index.
 * The caller holds the folder's write lock and owns the masters store and analysis cache.
 */
export interface BuildTracksOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly mp3Bitrate?: Mp3Bitrate;
  /** Sample rate of the track files (Hz); default the course's `output.sampleRate`, else the masters'. */
  readonly sampleRate?: number;
}

export interface TracksOutcome {
  readonly built: number;
  readonly kept: number;
  /** Tracks not built because a part has no master yet (a failed or pending render), with why. */
  readonly skipped: ReadonlyArray<{ track: string; lesson: string; reason: string }>;
  readonly tracks: ManifestTrack[];
}

export interface TrackSources {
  readonly masters: MasterStore;
  readonly analyses: AnalysisCache;
  readonly derive: DerivePool;
}

export const vttPathOf = (file: string): string => file.replace(/\.(mp3|wav)$/, '.vtt');

export class LessonTracks {
  private readonly kept = new Map<string, TrackRecord>();
  private readonly built = new Map<string, Promise<TrackRecord>>();
  /** Plans still waiting for masters, by the master keys they wait for. */
  private readonly waiting = new Map<TrackPlan, Set<string>>();
  /** Builds holding their masters in memory at most (one per derive worker and one being read): a big course stays bounded. */
  private readonly maxBuilding: number;
  private building = 0;
  private readonly queued: Array<() => void> = [];

  private constructor(
    private readonly options: BuildTracksOptions,
    private readonly sources: TrackSources,
    private readonly plans: readonly TrackPlan[],
    private readonly previous: ReadonlyMap<string, TrackRecord>,
  ) {
    this.maxBuilding = sources.derive.size + 1;
  }

  /** Plans the tracks, keeps the unchanged ones and starts building every track whose masters are all there. */
  static async start(options: BuildTracksOptions, sources: TrackSources): Promise<LessonTracks> {
    const { outDir } = options;
    const { plans, sampleRate } = plannedTracks(options);
    const previous = new Map((await readTrackIndex(outDir)).map((record) => [record.file, record]));
    const tracks = new LessonTracks({ ...options, ...(sampleRate ? { sampleRate } : {}) }, sources, plans, previous);
    for (const plan of plans) {
      const old = previous.get(plan.file);
      // Kept only whole: the audio as recorded, and its chapter list beside it.
      if (old?.key === plan.key && (await checkFile(join(outDir, plan.file), old)).status === 'trusted' && (await pathExists(join(outDir, vttPathOf(plan.file)))))
        tracks.kept.set(plan.file, old);
      else tracks.waiting.set(plan, new Set(clipJobsOf(plan).map(masterKeyOf)));
    }
    tracks.check();
    return tracks;
  }

  /** A clip was delivered from this master: builds the tracks that waited only for it. */
  masterReady(masterKey: string): void {
    for (const [plan, missing] of this.waiting) if (missing.delete(masterKey) && missing.size === 0) this.launch(plan);
  }

  /**
   * Waits for the builds under way and writes the track index. 'complete': tracks whose parts are not
   * all rendered are skipped (their old files removed), as are files the course no longer names.
   * 'partial' (a cancelled run): what was built is recorded, everything else is left as it was.
   */
  async finish(mode: 'complete' | 'partial' = 'complete'): Promise<TracksOutcome> {
    const { outDir } = this.options;
    this.check();
    const settled = await Promise.allSettled(this.built.values());
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const built = new Map<string, TrackRecord>();
    for (const result of settled) if (result.status === 'fulfilled') built.set(result.value.file, result.value);
    const records: TrackRecord[] = [];
    const skipped: Array<{ track: string; lesson: string; reason: string }> = [];
    for (const plan of this.plans) {
      const record = this.kept.get(plan.file) ?? built.get(plan.file);
      if (record) records.push(record);
      else if (mode === 'partial') {
        const old = this.previous.get(plan.file);
        if (old) records.push(old);
      } else {
        const missing = clipJobsOf(plan).find((job) => this.sources.masters.get(masterKeyOf(job)) === undefined);
        skipped.push({ track: plan.track, lesson: plan.lesson, reason: `${missing ? `${missing.phraseId}/${missing.variantId}` : 'a part'} is not rendered yet` });
      }
    }
    // Gone from the course, or skipped this time (its old file no longer matches its parts).
    if (mode === 'complete') await removeTrackFiles(outDir, [...this.previous.values()], records);
    else for (const record of this.previous.values()) if (!records.some((current) => current.file === record.file)) records.push(record);
    await writeTrackIndex(outDir, records);
    return { built: built.size, kept: this.kept.size, skipped, tracks: manifestTracks(records) };
  }

  /**
   * Launches every waiting plan whose masters are all in the store now, the longest first: builds run
   * one per derive worker, and a long track started last would leave the other workers idle while it
   * finishes (a rebuild of the sample course's 10 tracks on 2 workers waited ~150 ms on its last one).
   */
  private check(): void {
    const ready: TrackPlan[] = [];
    for (const [plan, missing] of this.waiting) {
      for (const key of missing) if (this.sources.masters.get(key)) missing.delete(key);
      if (missing.size === 0) ready.push(plan);
    }
    const work = new Map(ready.map((plan) => [plan, this.encodedMs(plan)]));
    for (const plan of ready.sort((a, b) => work.get(b)! - work.get(a)!)) this.launch(plan);
  }

  /** What a build of `plan` encodes, roughly: the length of its distinct clips' masters. */
  private encodedMs(plan: TrackPlan): number {
    return clipJobsOf(plan).reduce((sum, job) => sum + (this.sources.masters.get(masterKeyOf(job))?.durationMs ?? 0), 0);
  }

  private launch(plan: TrackPlan): void {
    this.waiting.delete(plan);
    const building = this.build(plan);
    building.catch(() => undefined); // reported by finish()
    this.built.set(plan.file, building);
  }

  private async build(plan: TrackPlan): Promise<TrackRecord> {
    if (this.building < this.maxBuilding) this.building++;
    else await new Promise<void>((resolve) => this.queued.push(resolve)); // the slot is handed over
    try {
      return await this.buildNow(plan);
    } finally {
      const next = this.queued.shift();
      if (next) next();
      else this.building--;
    }
  }

  /** Reads the clips' masters here, lays the track out and encodes it in a derive worker, writes it here. */
  private async buildNow(plan: TrackPlan): Promise<TrackRecord> {
    const { course, outDir, format } = this.options;
    const { masters, analyses, derive } = this.sources;
    const shaping = shapingOf(course);
    const clips: Record<string, TrackClip> = {};
    const recorded = new Map<string, string>(); // master key -> its recorded sha256
    for (const job of clipJobsOf(plan)) {
      const key = masterKeyOf(job);
      const entry = masters.get(key);
      if (!entry) throw new Error(`The master of ${job.phraseId}/${job.variantId} is missing: run the course again to render it`);
      const clipShaping = shapingForJob(shaping, job);
      const known = analyses.get(entry, clipShaping.silence);
      clips[job.key] = { master: key, shaping: clipShaping, ...(known ? { analysis: known } : {}) };
      recorded.set(key, entry.sha256);
    }
    // Read side by side (the first track waits for all of its masters before any worker starts on it).
    // A master stored lately is still in memory (a lesson's track follows its clips): no read, no re-hash.
    const wavs = Object.fromEntries(
      await Promise.all(
        [...recorded].map(async ([key, sha256]) => {
          const recent = masters.recentCopy(key);
          return [key, recent ? { wav: recent, sha256, verified: true } : { wav: await readFile(masterPath(masters.dir, key)), sha256 }] as const;
        }),
      ),
    );
    const task: TrackTask = {
      kind: 'track',
      plan,
      clips,
      masters: wavs,
      shaping,
      format,
      ...(this.options.mp3Bitrate ? { mp3Bitrate: this.options.mp3Bitrate } : {}),
      ...(this.options.sampleRate ? { sampleRate: this.options.sampleRate } : {}),
      courseTitle: course.title,
    };
    const rendered = await derive.track(task);
    for (const [renderKey, analysis] of Object.entries(rendered.measured)) {
      const job = clipJobsOf(plan).find((candidate) => candidate.key === renderKey)!;
      const entry = masters.get(masterKeyOf(job));
      if (entry) analyses.set(entry, shapingForJob(shaping, job).silence, analysis);
    }
    const path = join(outDir, plan.file);
    const written = await writeFileAtomic(path, rendered.bytes);
    const texts = new Map(course.phrases.map((phrase) => [phrase.id, `${phrase.known} — ${phrase.target}`]));
    await writeFileAtomic(
      join(outDir, vttPathOf(plan.file)),
      webVttChapters(rendered.chapters, (phrase) => texts.get(phrase) ?? phrase),
    );
    const round = (value: number): number => Math.round(value * 10) / 10;
    return {
      track: plan.track,
      lesson: plan.lesson,
      file: plan.file,
      title: plan.title,
      durationMs: Math.round(rendered.durationMs),
      ...(Number.isFinite(rendered.loudness.integratedLufs) ? { loudnessLufs: round(rendered.loudness.integratedLufs) } : {}),
      ...(Number.isFinite(rendered.loudness.truePeakDbtp) ? { truePeakDbtp: round(rendered.loudness.truePeakDbtp) } : {}),
      phrases: rendered.chapters.map((chapter) => ({ phrase: chapter.phrase, startMs: Math.round(chapter.startMs), endMs: Math.round(chapter.endMs) })),
      key: plan.key,
      bytes: written.size,
      mtimeMs: written.mtimeMs,
      sha256: rendered.sha256,
    };
  }
}

/**
 * After a complete run that built no tracks (`--no-tracks`, the studio's runs, a course that declares
 * none): removes the track files of the index that the course no longer plans (a track or lesson gone,
 * the other format), as a run removes clips it no longer names. Planned ones are left as they are.
 * Returns the files removed.
 */
export async function pruneTracks(options: BuildTracksOptions): Promise<string[]> {
  const { outDir } = options;
  const previous = await readTrackIndex(outDir);
  if (!previous.length) return [];
  const planned = new Set(plannedTracks(options).plans.map((plan) => plan.file));
  const kept = previous.filter((record) => planned.has(record.file));
  if (kept.length === previous.length) return [];
  await removeTrackFiles(outDir, previous, kept);
  await writeTrackIndex(outDir, kept);
  return previous.filter((record) => !planned.has(record.file)).map((record) => record.file);
}

/** The course's tracks as planned for this delivery, and the rate their files are at (none given: the masters'). */
function plannedTracks(options: BuildTracksOptions): { plans: TrackPlan[]; sampleRate: number | undefined } {
  const { course, format } = options;
  const sampleRate = options.sampleRate ?? course.output?.sampleRate;
  const jobs = planRenders(course, { engine: options.engine, format, ...(options.mp3Bitrate ? { mp3Bitrate: options.mp3Bitrate } : {}) });
  return { plans: planTracks(course, jobs, { format, mp3Bitrate: options.mp3Bitrate, shaping: shapingOf(course), sampleRate }), sampleRate };
}

/** Removes the files of `previous` tracks that are not in `current`, with their chapter lists. */
async function removeTrackFiles(outDir: string, previous: readonly TrackRecord[], current: readonly TrackRecord[]): Promise<void> {
  for (const record of previous) {
    if (current.some((kept) => kept.file === record.file)) continue;
    await unlink(join(outDir, record.file)).catch(() => undefined);
    // A track of the other format (L01.wav -> L01.mp3) has the same chapter list, now the new one's.
    if (!current.some((kept) => vttPathOf(kept.file) === vttPathOf(record.file))) await unlink(join(outDir, vttPathOf(record.file))).catch(() => undefined);
  }
}

/** The renders a track plays, each once, in order. */
function clipJobsOf(plan: TrackPlan): RenderJob[] {
  const jobs = new Map<string, RenderJob>();
  for (const phrase of plan.phrases) for (const part of phrase.parts) if (part.kind === 'clip' && !jobs.has(part.job.key)) jobs.set(part.job.key, part.job);
  return [...jobs.values()];
}
