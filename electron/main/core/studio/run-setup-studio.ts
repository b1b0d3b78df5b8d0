import type { Settings } from '../settings/settings-schema';
import type { EnginePool, EnginePoolOptions } from '../engines/engine-pool';
import type { SpeechEngine } from '../engines/speech-engine';
import type { CourseRun } from '../run/course-run';
import { setUpRun } from '../run/run-setup';
import type { EngineFactory } from './engine-factory';
import type { OpenCourse } from './course-session';
import { deliveryFor } from './run-format';

export interface StudioRunParts {
  readonly engine: SpeechEngine;
  readonly pool: EnginePool;
  readonly run: CourseRun;
  /** The run setup's voice and style check, with the places of the open course file (the CLI's very check). */
  readonly voiceProblems: () => Promise<string[]>;
}

/**
 * Builds {engine, pool, run} for a studio run through the run setup the CLI uses (core/run/run-setup.ts):
 * timeouts, recycling, where AIMD starts, the tier's rate. No give-up deadline: the studio keeps probing
 * and shows "Cannot reach <host> since HH:MM" while the producer decides. The caller owns the pool (and
 * closes it if anything later fails). With `batch`, the same run through Azure batch synthesis, built
 * exactly as `generate --engine azure-batch` builds it.
 */
export async function setUpStudioRun(
  open: OpenCourse,
  settings: Settings,
  createEngine: EngineFactory,
  poolOptions: Partial<EnginePoolOptions> | undefined,
  track: (pool: EnginePool) => EnginePool,
  /** "Send to Azure batch": the run goes through batch synthesis jobs (Azure only), logging their notes here. */
  batch?: { readonly log: (line: string) => void },
): Promise<StudioRunParts> {
  const delivery = deliveryFor(open.course, settings);
  const setup = await setUpRun({
    course: open.course,
    outDir: open.outDir,
    engine: settings.engine,
    format: delivery.format,
    maxConnections: settings.maxConnections,
    ...(settings.engine === 'azure' && settings.azureTier ? { tier: settings.azureTier } : {}),
    ...(batch ? { batch: true } : {}),
    createEngine: () => createEngine(settings, batch ? { batch: { outDir: open.outDir, log: batch.log } } : undefined),
    ...(poolOptions ? { poolOptions } : {}),
    runOptions: { ...(delivery.mp3Bitrate ? { mp3Bitrate: delivery.mp3Bitrate } : {}), ...(delivery.sampleRate ? { sampleRate: delivery.sampleRate } : {}) },
  });
  const { voicePlace, placeOf } = open.places;
  return { engine: setup.engine, pool: track(setup.pool), run: setup.run, voiceProblems: () => setup.voiceProblems(open.view.file, voicePlace, placeOf) };
}
