import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** run:*: Generate and its controls (the run room), and one-cell renders (the cell room). */
export function runHandlers(
  service: StudioService,
): Pick<InvokeHandlers, 'run:estimate' | 'run:start' | 'run:startBatch' | 'run:pause' | 'run:resume' | 'run:cancel' | 'run:retryFailed' | 'run:renderCell'> {
  const { runs } = service;
  return {
    'run:estimate': () => service.estimateWithWaitingJobs(),
    'run:start': () => runs.startRun(),
    'run:startBatch': () => runs.startRun({ batch: true }),
    'run:pause': () => runs.pauseRun(),
    'run:resume': () => runs.resumeRun(),
    'run:cancel': () => runs.cancelRun(),
    'run:retryFailed': () => runs.retryFailed(),
    'run:renderCell': ({ phraseId, variantId }) => service.renderCell(phraseId, variantId),
  };
}
