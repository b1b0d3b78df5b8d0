import type { Settings } from '../settings/settings-schema';
import { azureRunDefaults } from '../engines/azure/run-defaults';
import { EnginePool, type EnginePoolOptions } from '../engines/engine-pool';
import type { SpeechEngine } from '../engines/speech-engine';
import { CourseRun } from '../run/course-run';
import type { EngineFactory } from './engine-factory';
import type { OpenCourse } from './course-session';
import { formatFor } from './run-format';

export interface StudioRunParts {
  readonly engine: SpeechEngine;
  readonly pool: EnginePool;
  readonly run: CourseRun;
}

/**
 * Builds {engine, pool, run} for a studio run: the ONE place where the studio decides how a run is
 * set up (an Azure run exactly as the CLI sets one up: recycling, call timeout, where AIMD starts).
 * When the shared run setup for the CLI and the studio lands (core/run/run-setup.ts), this body is
 * replaced by a call to it. The caller owns the pool (and closes it if anything later fails).
 */
export async function setUpStudioRun(
  open: OpenCourse,
  settings: Settings,
  createEngine: EngineFactory,
  poolOptions: Partial<EnginePoolOptions> | undefined,
  track: (pool: EnginePool) => EnginePool,
): Promise<StudioRunParts> {
  const engine = await createEngine(settings);
  const azure = settings.engine === 'azure' ? azureRunDefaults({ maxConnections: settings.maxConnections }) : undefined;
  const pool = track(new EnginePool(engine, { ...(azure?.pool ?? {}), ...poolOptions, maxConnections: settings.maxConnections }));
  const run = new CourseRun({
    course: open.course,
    outDir: open.outDir,
    engine: settings.engine,
    format: formatFor(open.course, settings),
    pool,
    maxConcurrency: settings.maxConnections,
    ...(azure ? { initialConcurrency: azure.initialConcurrency } : {}),
  });
  return { engine, pool, run };
}
