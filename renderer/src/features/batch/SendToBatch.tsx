import { isLive, useRun } from '../../store/run';
import { Button } from '../../ui/Button';
import { runCommand } from '../run/runCommands';
import { batchChoice, interactiveChoice, waitingJobsText } from './batchText';

/**
 * "Send to Azure batch" beside Generate, offered (Azure engine, no run live) when the renders left reach
 * the Settings threshold, or when jobs of an earlier session wait in the output folder (sending picks
 * them up); each way with its estimate: time and cost (the same price per character).
 */
export function SendToBatch({ disabled }: { disabled: boolean }): React.JSX.Element | null {
  const estimate = useRun((s) => s.estimate);
  const pending = useRun((s) => s.pending);
  const batch = estimate?.batch;
  if (!estimate || !batch?.offered) return null;
  return (
    <Button
      variant="secondary"
      icon="play"
      onClick={() => void runCommand('startBatch')}
      busy={pending === 'startBatch'}
      disabled={disabled || !!pending}
      data-testid="send-to-batch"
      title={`Render through Azure batch synthesis jobs (you may close the studio after submitting). ${interactiveChoice(estimate)}. ${batchChoice(batch)}.`}
    >
      Send to Azure batch
    </Button>
  );
}

/** Run tab, before a run: both ways side by side, each with its time and cost, and any jobs waiting at Azure. */
export function BatchOffer(): React.JSX.Element | null {
  const estimate = useRun((s) => s.estimate);
  const live = useRun((s) => isLive(s.run.state));
  const batch = estimate?.batch;
  if (!estimate || !batch?.offered || live) return null;
  return (
    <section className="panel-section" aria-labelledby="batch-offer-title" data-testid="batch-offer">
      <div className="section-head">
        <h3 id="batch-offer-title">Generate or send to Azure batch</h3>
      </div>
      <p className="small" data-testid="batch-choice-interactive">
        {interactiveChoice(estimate)}
      </p>
      <p className="small" data-testid="batch-choice-batch">
        {batchChoice(batch)}
      </p>
      {batch.waiting && (
        <p className="small" data-testid="batch-waiting">
          {waitingJobsText(batch.waiting)}
        </p>
      )}
    </section>
  );
}
