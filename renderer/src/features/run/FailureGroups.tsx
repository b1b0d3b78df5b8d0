import { useState } from 'react';
import type { FailureGroup } from '../../../../shared/ipc/contract';
import { formatCount } from '../../lib/format';
import { useRun } from '../../store/run';
import { useUi } from '../../store/ui';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';
import { runCommand } from './runCommands';
import { describeFailureKind } from './runStateText';

const SHOWN_CELLS = 12;

/** The failed-items tray: grouped by cause with the service's own message, and "Retry failed". */
export function FailureGroups(): React.JSX.Element | null {
  const failures = useRun((s) => s.run.failures);
  const failed = useRun((s) => s.run.progress.failed);
  const pending = useRun((s) => s.pending);
  const state = useRun((s) => s.run.state);
  if (failures.length === 0 && failed === 0) return null;
  return (
    <section className="panel-section" aria-labelledby="failures-title" data-testid="failures">
      <div className="section-head">
        <h3 id="failures-title">
          Failures <span className="badge badge-bad num">{formatCount(failed)}</span>
        </h3>
        <Button
          variant="secondary"
          size="sm"
          icon="retry"
          onClick={() => void runCommand('retryFailed')}
          busy={pending === 'retryFailed'}
          disabled={!!pending || state === 'stopping' || (failed === 0 && failures.length === 0)}
          data-testid="retry-failed"
        >
          Retry failed
        </Button>
      </div>
      <ul className="failure-list">
        {failures.map((group) => (
          <FailureItem key={`${group.kind}:${group.message}`} group={group} />
        ))}
      </ul>
    </section>
  );
}

function FailureItem({ group }: { group: FailureGroup }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const select = useUi((s) => s.select);
  return (
    <li className="failure" data-testid={`failure-${group.kind}`}>
      <button type="button" className="failure-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <Icon name="alert" size={14} className="failure-icon" />
        <span className="failure-kind">{describeFailureKind(group.kind)}</span>
        <span className="failure-count num">{formatCount(group.count)}</span>
        <Icon name="chevronDown" size={12} className={open ? 'chevron is-open' : 'chevron'} />
      </button>
      <p className="failure-message">{group.message}</p>
      {open && (
        <div className="failure-cells">
          {group.cells.slice(0, SHOWN_CELLS).map((id) => {
            const [phraseId = '', variantId = ''] = id.split('/');
            return (
              <button key={id} type="button" className="cell-chip num" onClick={() => select({ phraseId, variantId })} title="Select in the table">
                {phraseId} · {variantId}
              </button>
            );
          })}
          {group.cells.length > SHOWN_CELLS && <span className="muted">and {formatCount(group.cells.length - SHOWN_CELLS)} more</span>}
        </div>
      )}
    </li>
  );
}
