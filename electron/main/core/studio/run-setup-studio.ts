import type { Settings } from '../settings/settings-schema';
import type { EnginePool, EnginePoolOptions } from '../engines/engine-pool';
import type { SpeechEngine } from '../engines/speech-engine';
import type { CourseRun } from '../run/course-run';
import type { Mp3Bitrate } from '../output/mp3';
import { setUpRun, type RunSetup } from '../run/run-setup';
import type { EngineFactory } from './engine-factory';
import type { OpenCourse } from './course-session';
import { formatFor } from './run-format';

export interface StudioRunParts {
  readonly engine: SpeechEngine;
  readonly pool: EnginePool;
  readonly run: CourseRun;
  /** Unknown voices, then styles the voices do not list: the run setup's one check, as the CLI makes it. */
  readonly voiceProblems: RunSetup['voiceProblems'];
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
  const setup = await setUpRun({
    course: open.course,
    outDir: open.outDir,
    engine: settings.engine,
    format: formatFor(open.course, settings),
    maxConnections: settings.maxConnections,
    ...(settings.engine === 'azure' && settings.azureTier ? { tier: settings.azureTier } : {}),
    ...(batch ? { batch: true } : {}),
    createEngine: () => createEngine(settings, batch ? { batch: { outDir: open.outDir, log: batch.log } } : undefined),
    ...(poolOptions ? { poolOptions } : {}),
    ...(open.course.output?.bitrate ? { runOptions: { mp3Bitrate: open.course.output.bitrate as Mp3Bitrate } } : {}),
  });
  return { engine: setup.engine, pool: track(setup.pool), run: setup.run, voiceProblems: setup.voiceProblems };
}
