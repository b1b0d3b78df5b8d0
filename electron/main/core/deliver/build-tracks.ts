import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import type { ManifestTrack } from '../../../../shared/model/tracks';
import { planRenders } from '../course/render-plan';
import { writeFileAtomic } from '../output/atomic-write';
import { encodeMp3, mp3BitrateFor, type Mp3Bitrate } from '../output/mp3';
import { asStorageError } from '../output/storage-error';
import { encodeWav } from '../output/wav';
import { checkFile, stampOf } from '../run/file-check';
import { MasterStore } from '../run/master-store';
import { masterKeyOf } from '../run/output-build';
import { pcmOfMaster } from '../output/deliver';
import { AnalysisCache } from './analysis-cache';
import { shapingOf } from './course-shaping';
import { int16Of, shapeAudio, type ShapingSettings } from './shaping';
import { readTrackIndex, writeTrackIndex, manifestTracks, type TrackRecord } from './track-index';
import { planTracks, type TrackPlan } from './track-plan';
import { renderTrack, type ShapedClip } from './track-render';
import { tagMp3, webVttChapters } from './track-tags';

/**
 * Builds the course's tracks in an output folder from its masters (never a synthesis): a track whose
 * key (parts' delivery keys + layout) and file are unchanged is kept, the others are laid out, encoded,
 * tagged and written atomically with a WebVTT chapter list beside them; track files the course no
 * longer names are removed. The caller holds the folder's write lock.
 */
export interface BuildTracksOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly mp3Bitrate?: Mp3Bitrate;
}

export interface TracksOutcome {
  readonly built: number;
  readonly kept: number;
  /** Tracks not built because a part has no master yet (a failed or pending render), with why. */
  readonly skipped: ReadonlyArray<{ track: string; lesson: string; reason: string }>;
  readonly tracks: ManifestTrack[];
}

export async function buildTracks(options: BuildTracksOptions): Promise<TracksOutcome> {
  const { course, outDir, format } = options;
  const shaping = shapingOf(course);
  const jobs = planRenders(course, { engine: options.engine, format, ...(options.mp3Bitrate ? { mp3Bitrate: options.mp3Bitrate } : {}) });
  const plans = planTracks(course, jobs, { format, mp3Bitrate: options.mp3Bitrate, shaping });
  const previous = new Map((await readTrackIndex(outDir)).map((record) => [record.file, record]));
  const records: TrackRecord[] = [];
  const skipped: Array<{ track: string; lesson: string; reason: string }> = [];
  let built = 0;
  let kept = 0;
  const masters = await MasterStore.open(outDir).catch((error: unknown) => {
    throw asStorageError(error, outDir);
  });
  const analyses = await AnalysisCache.open(outDir);
  const shapeClip = clipShaper(masters, analyses, shaping);
  try {
    for (const plan of plans) {
      const old = previous.get(plan.file);
      if (old?.key === plan.key && (await checkFile(join(outDir, plan.file), old)).status === 'trusted') {
        records.push(old);
        kept++;
        continue;
      }
      const missing = plan.phrases.flatMap((phrase) => phrase.parts).find((part) => part.kind === 'clip' && masters.get(masterKeyOf(part.job)) === undefined);
      if (missing?.kind === 'clip') {
        skipped.push({ track: plan.track, lesson: plan.lesson, reason: `${missing.job.phraseId}/${missing.job.variantId} is not rendered yet` });
        continue;
      }
      records.push(await writeTrack(plan, options, shapeClip));
      built++;
    }
    for (const record of previous.values()) {
      // Gone from the course, or skipped this time (its old file no longer matches its parts).
      if (records.some((current) => current.file === record.file)) continue;
      await unlink(join(outDir, record.file)).catch(() => undefined);
      await unlink(join(outDir, vttPathOf(record.file))).catch(() => undefined);
    }
    await writeTrackIndex(outDir, records);
    // A cache: if it cannot be written, the next build measures again.
    await analyses.save((key, sha256) => masters.get(key)?.sha256 === sha256).catch(() => undefined);
  } catch (error) {
    throw asStorageError(error, outDir);
  } finally {
    await masters.close();
  }
  return { built, kept, skipped, tracks: manifestTracks(records) };
}

export const vttPathOf = (file: string): string => file.replace(/\.(mp3|wav)$/, '.vtt');

/** Shapes clips from their masters as their delivered files are, with the cached measurements (measuring only what is not cached). */
function clipShaper(masters: MasterStore, analyses: AnalysisCache, shaping: ShapingSettings): (job: RenderJob) => Promise<ShapedClip> {
  return async (job) => {
    const key = masterKeyOf(job);
    const wav = await masters.read(key);
    const entry = masters.get(key);
    if (!wav || !entry) throw new Error(`The master of ${job.phraseId}/${job.variantId} is missing: run the course again to render it`);
    const master = pcmOfMaster(wav);
    const known = analyses.get(entry, shaping.silence);
    const shaped = shapeAudio(master.pcm, master.sampleRate, shaping, known);
    if (!known) analyses.set(entry, shaping.silence, shaped.analysis);
    return { samples: shaped.samples, sampleRate: master.sampleRate, truePeakDbtp: shaped.delivered.truePeakDbtp };
  };
}

async function writeTrack(plan: TrackPlan, options: BuildTracksOptions, shapeClip: (job: RenderJob) => Promise<ShapedClip>): Promise<TrackRecord> {
  const { course, outDir, format } = options;
  const rendered = await renderTrack(plan, shapeClip, shapingOf(course));
  const pcm = int16Of(rendered.samples);
  const durationMs = (pcm.length / rendered.sampleRate) * 1000;
  const bytes =
    format === 'mp3'
      ? tagMp3(await encodeMp3(pcm, rendered.sampleRate, { bitrate: options.mp3Bitrate ?? mp3BitrateFor(rendered.sampleRate, 1) }), plan, course.title, rendered.chapters)
      : encodeWav(pcm, rendered.sampleRate);
  const path = join(outDir, plan.file);
  await writeFileAtomic(path, bytes);
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
    durationMs: Math.round(durationMs),
    ...(Number.isFinite(rendered.loudness.integratedLufs) ? { loudnessLufs: round(rendered.loudness.integratedLufs) } : {}),
    ...(Number.isFinite(rendered.loudness.truePeakDbtp) ? { truePeakDbtp: round(rendered.loudness.truePeakDbtp) } : {}),
    phrases: rendered.chapters.map((chapter) => ({ phrase: chapter.phrase, startMs: Math.round(chapter.startMs), endMs: Math.round(chapter.endMs) })),
    key: plan.key,
    ...(await stampOf(path, bytes)),
  };
}
