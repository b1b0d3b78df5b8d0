import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderJob } from '../../shared/model/render';
import { AnalysisCache } from '../../electron/main/core/deliver/analysis-cache';
import { shapingForJob } from '../../electron/main/core/deliver/course-shaping';
import type { ShapingSettings } from '../../electron/main/core/deliver/shaping';
import { OfflineSynthesizer } from '../../electron/main/core/engines/offline';
import { deliverFromMaster } from '../../electron/main/core/output/deliver';
import { MasterStore, masterPath } from '../../electron/main/core/run/master-store';
import { masterKeyOf } from '../../electron/main/core/run/output-build';
import { synthesisOrder, voiceGroupedOrder } from '../../electron/main/core/run/synthesis-order';

/**
 * The two limits a whole offline CLI run is measured against (issue 10):
 * - engine only: the same renders synthesized in the eSpeak workers with no file work at all (workers
 *   started beforehand, not timed), in the order a run uses (run/synthesis-order.ts: the course's): the
 *   compute limit of the engine on this machine; grouped by voice too, to show what that would save;
 *   and timed from asking for the workers (their eSpeak load and warm-up included), which every run
 *   pays before its first render: the limit of a run but for its process start and file work;
 * - derive only: every master of a finished run turned into MP3 (output/deliver.ts, main thread), no
 *   engine call: what switching a course from WAV to MP3 costs. As the CLI derives: shaped by the
 *   course's silence and loudness settings, with the measurements the run cached (analysis.json).
 */
export async function engineOnlyMs(
  courseOrder: readonly RenderJob[],
  workers: number,
  order: 'run' | 'course' | 'grouped' = 'run',
  timing: 'renders' | 'with-start-up' = 'renders',
): Promise<number> {
  // The order a run hands renders to the engine, unless asked for the course's or grouped by voice.
  const jobs = order === 'run' ? synthesisOrder(courseOrder, 'offline') : order === 'grouped' ? voiceGroupedOrder(courseOrder) : courseOrder;
  // With start-up: from asking for the workers (each loads eSpeak and warms it up, as a run's do) to
  // the last render; a run cannot render before that either. Otherwise the renders alone.
  const asked = performance.now();
  const synths = await Promise.all(Array.from({ length: workers }, () => OfflineSynthesizer.create()));
  try {
    let next = 0;
    const started = timing === 'with-start-up' ? asked : performance.now();
    await Promise.all(
      synths.map(async (synth) => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          await synth.synthesize({ ssml: job.ssml, text: job.text, voice: job.voice, rate: job.rate, locale: job.locale, format: 'wav' });
        }
      }),
    );
    return performance.now() - started;
  } finally {
    await Promise.all(synths.map((synth) => synth.close()));
  }
}

/** Derives every job's MP3 from the masters in `outDir` as a run does (read included, write excluded). */
export async function deriveOnlyMs(outDir: string, jobs: readonly RenderJob[], shaping: ShapingSettings): Promise<number> {
  const masters = await MasterStore.open(outDir);
  const analyses = await AnalysisCache.open(outDir);
  try {
    const started = performance.now();
    for (const job of jobs) {
      const wav = await readFile(masterPath(masters.dir, masterKeyOf(job)));
      const jobShaping = shapingForJob(shaping, job);
      const stored = masters.get(masterKeyOf(job));
      const known = stored ? analyses.get(stored, jobShaping.silence) : undefined;
      await deliverFromMaster(wav, { format: 'mp3', shaping: jobShaping }, { text: job.text, rate: job.rate }, known);
    }
    return performance.now() - started;
  } finally {
    await masters.close();
  }
}

export const mastersDirOf = (outDir: string): string => join(outDir, '.course-audio-studio', 'masters');
