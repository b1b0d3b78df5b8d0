import { join } from 'node:path';
import type { EngineName, OutputFormat } from '../../shared/model/audio';
import type { Course } from '../../shared/model/course';
import type { RunSummary } from '../../shared/model/run-summary';
import { planRenders } from '../main/core/course/render-plan';

/** The `--json` summary when the engine could not even be built (settings refused): nothing ran. */
export function summaryBeforeEngine(course: Course, outDir: string, engine: EngineName, format: OutputFormat, message: string): RunSummary {
  const total = planRenders(course, { engine, format }).length;
  return {
    total,
    rendered: 0,
    cached: 0,
    written: 0,
    failed: 0,
    cancelled: 0,
    pending: total,
    state: 'stopped',
    stopReason: 'engine',
    stopMessage: message,
    course: course.id,
    engine,
    format,
    outDir,
    manifest: join(outDir, 'manifest.json'),
    elapsedMs: 0,
    rendersPerSecond: 0,
    throttleEvents: 0,
    failures: [],
  };
}
