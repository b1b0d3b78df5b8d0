import { useRun } from '../../store/run';
import { Button } from '../../ui/Button';
import { runCommand } from '../run/runCommands';
import { batchChoice, interactiveChoice } from './batchText';

/**
 * "Send to Azure batch" beside Generate, offered (Azure engine, no run live) when the renders left reach
 * the Settings threshold; each way with its estimate: time and cost (the same price per character).
 */
export function SendToBatch({ disabled }: { disabled: boolean }): React.JSX.Element | null {
  const estimate = useRun((s) => s.estimate);
  const pending = useRun((s) => s.pending);
  const batch = estimate?.batch;
  if (!estimate || !batch?.offered) return null;
  return (
    <>
      <Button
        variant="secondary"
        icon="play"
        onClick={() => void runCommand('startBatch')}
        busy={pending === 'startBatch'}
        disabled={disabled || !!pending}
        data-testid="send-to-batch"
        title={`Render through Azure batch synthesis jobs: you may close the studio after submitting; the jobs are picked up when you send again. ${batchChoice(batch)}`}
      >
        Send to Azure batch
      </Button>
      <span className="batch-choice small muted" data-testid="batch-choice">
        <span data-testid="batch-choice-interactive">{interactiveChoice(estimate)}</span>
        {' · '}
        <span data-testid="batch-choice-batch">{batchChoice(batch)}</span>
      </span>
    </>
  );
}
