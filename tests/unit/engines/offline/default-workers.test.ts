/**
 * How many eSpeak workers a run uses by default: one core is left to everything but eSpeak (the
 * delivery work a run waits on), never fewer than one worker.
 */
import { describe, expect, it } from 'vitest';
import { defaultOfflineWorkers } from '../../../../electron/main/core/engines/offline/default-workers';
import { parseGenerateArgs } from '../../../../electron/cli/args';

describe('worker counts by machine', () => {
  it('uses one eSpeak worker fewer than the cores, at least 1, at most 2', () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultOfflineWorkers(cores))).toEqual([1, 1, 2, 2, 2]);
  });

  it('is the CLI default for an offline run, and --max-connections still decides', () => {
    const parsed = (argv: string[]) => parseGenerateArgs(argv, {}) as { maxConnections: number };
    expect(parsed(['course.json', '--engine', 'offline']).maxConnections).toBe(defaultOfflineWorkers());
    expect(parsed(['course.json', '--engine', 'offline', '--max-connections', '2']).maxConnections).toBe(2);
  });
});
