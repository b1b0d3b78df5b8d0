import type { RunView } from '../../../../shared/ipc/contract';
import type { AzureBatchEngine } from '../engines/azure-batch/azure-batch-engine';
import { estimateBatch } from './batch-estimate';

/**
 * A batch run's view: its jobs; no slot split (its renders wait at Azure, not for one of ours); the
 * time left from the batch-throughput model for what is left (a range: it is assumed, not measured).
 */
export function batchRunView(view: RunView, engine: AzureBatchEngine): RunView {
  const { live: _slots, eta: _interactiveEta, ...rest } = view;
  const left = view.progress.remaining;
  const running = view.state === 'running' || view.state === 'holding';
  const model =
    running && left > 0
      ? estimateBatch(
          Array.from({ length: left }, () => ({ content: '' })),
          0,
          0,
        )
      : undefined;
  return {
    ...rest,
    progress: { ...view.progress, etaMs: model ? model.estimatedMs : null },
    ...(model ? { eta: { ms: model.estimatedMs, lowMs: model.lowMs, highMs: model.highMs, basis: 'assumed' as const, stalled: false } } : {}),
    batch: { endpoint: engine.endpoint, jobs: engine.jobs() },
  };
}
