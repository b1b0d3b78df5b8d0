/**
 * An offline engine whose worker cannot start (a broken or missing package, an option Node refuses, no
 * memory) must end the run at once with the reason, not retry every render for minutes. Real worker
 * threads, a real CourseRun into a real folder.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { EnginePool } from '../../../electron/main/core/engines/engine-pool';
import { OfflineEngine } from '../../../electron/main/core/engines/offline';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { CourseRun } from '../../../electron/main/core/run/course-run';
import { spanishForEnglishFrame } from '../../support/course-fixtures';
import { useTempFolder } from '../../support/temp-folder';

const temp = useTempFolder('cas-unavailable-');

async function brokenWorker(): Promise<URL> {
  const file = path.join(temp.dir, 'broken-espeak-worker.mjs');
  await writeFile(file, "throw new Error('espeak-ng.data not found');\n");
  return pathToFileURL(file);
}

async function startFailure(engine: OfflineEngine): Promise<SynthesisError> {
  const error = await engine.createSynthesizer().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SynthesisError);
  return error as SynthesisError;
}

describe('an offline engine that cannot start', () => {
  it('reports a failed start as a crash twice (a start may fail once for a passing reason), then as unavailable', async () => {
    const engine = new OfflineEngine({ workerUrl: await brokenWorker() });
    try {
      expect((await startFailure(engine)).kind).toBe('engine-crash');
      expect((await startFailure(engine)).kind).toBe('engine-crash');
      const third = await startFailure(engine);
      expect(third.kind).toBe('engine-unavailable');
      expect(third.message).toMatch(/^The offline engine cannot start \(3 attempts\): eSpeak worker failed to start: .*espeak-ng\.data not found/);
    } finally {
      await engine.close();
    }
  });

  it('stops a run within seconds, stopReason "engine", every render left pending for the next run', async () => {
    const phrases = Array.from({ length: 20 }, (_, i) => ({ id: `p${String(i + 1).padStart(3, '0')}`, known: `Hello ${i}.`, target: `Hola ${i}.` }));
    const { course } = parseCourseText(JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'C', phrases }), 'c.json');
    const engine = new OfflineEngine({ workerUrl: await brokenWorker() });
    const pool = new EnginePool(engine, { maxConnections: 1 });
    const run = new CourseRun({ course, outDir: path.join(temp.dir, 'out'), engine: 'offline', format: 'wav', pool, maxConcurrency: 1, tracks: false });
    const started = performance.now();
    try {
      const summary = await run.run();
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(summary).toMatchObject({ state: 'stopped', stopReason: 'engine', rendered: 0, written: 0 });
      expect(summary.stopMessage).toMatch(/The offline engine cannot start \(3 attempts\)/);
      // Nothing is counted as failed for good: the next run (with the engine fixed) renders them all.
      expect(summary.failed).toBe(0);
      expect(summary.pending).toBe(summary.total);
    } finally {
      await pool.close();
    }
  });
});
