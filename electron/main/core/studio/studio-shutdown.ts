import type { ShutdownStep } from '../shutdown';
import type { CellRenderer } from './cell-renderer';
import type { FolderLocks } from './folder-locks';
import type { PoolRegistry } from './pool-registry';
import type { RunController } from './run-controller';

export interface StudioShutdownParts {
  readonly runs: RunController;
  readonly cells: CellRenderer;
  readonly pools: PoolRegistry;
  readonly locks: FolderLocks;
  /** How long in-flight renders may take to finish before the rest is cancelled. */
  readonly settleMs: number;
  /** From now on the studio refuses new work ("The studio is closing"). */
  readonly refuseNewWork: () => void;
  /** Stops the studio's timers and events. */
  readonly closeService: () => Promise<void>;
}

/**
 * The steps of a clean quit, for the ShutdownCoordinator: stop dispatch, let in-flight renders
 * finish (then cancel what is left), persist journal and manifest, close every pool.
 */
export function studioShutdownSteps(parts: StudioShutdownParts): ShutdownStep[] {
  const { runs, cells, pools } = parts;
  return [
    {
      name: 'stop dispatch',
      run: () => {
        parts.refuseNewWork();
        runs.pauseForShutdown();
      },
    },
    { name: 'settle in-flight renders', run: (signal) => runs.settle(parts.settleMs, signal) },
    {
      name: 'persist journal and manifest',
      run: async () => {
        await runs.closeLastRun();
        await cells.retire();
        await parts.locks.releaseAll();
      },
    },
    {
      name: 'close pools',
      run: async () => {
        await pools.closeAll();
        await parts.closeService();
      },
    },
  ];
}
