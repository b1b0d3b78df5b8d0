/**
 * How many eSpeak workers a run uses by default, and how many derive workers sit beside them: one
 * core is left to everything but eSpeak (each eSpeak worker compiles the engine again), and derive
 * workers take the cores the engine leaves, never fewer than one.
 */
import { describe, expect, it } from 'vitest';
import { deriveWorkersBeside } from '../../../../electron/main/core/derive-pool/derive-pool';
import { defaultOfflineWorkers } from '../../../../electron/main/core/engines/offline/default-workers';
import { parseGenerateArgs } from '../../../../electron/cli/args';

describe('worker counts by machine', () => {
  it('uses one eSpeak worker fewer than the cores, at least 1, at most 2', () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultOfflineWorkers(cores))).toEqual([1, 1, 2, 2, 2]);
  });

  it('gives the derive pool the cores the engine leaves, at least one', () => {
    expect(deriveWorkersBeside('offline', 1, 2)).toBe(1);
    expect(deriveWorkersBeside('offline', 2, 2)).toBe(1);
    expect(deriveWorkersBeside('offline', 2, 8)).toBe(6);
    // A remote engine's sockets keep no core busy here.
    expect(deriveWorkersBeside('azure', 8, 4)).toBe(4);
  });

  it('is the CLI default for an offline run, and --max-connections still decides', () => {
    const parsed = (argv: string[]) => parseGenerateArgs(argv, {}) as { maxConnections: number };
    expect(parsed(['course.json', '--engine', 'offline']).maxConnections).toBe(defaultOfflineWorkers());
    expect(parsed(['course.json', '--engine', 'offline', '--max-connections', '2']).maxConnections).toBe(2);
  });
});
