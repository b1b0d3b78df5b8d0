import { useEffect } from 'react';
import { formatBytes, formatCount } from '../../lib/format';
import { refreshMasters, useMasters } from '../../store/masters';
import { toastError, toastInfo } from '../../store/toasts';
import { isLive, useRun } from '../../store/run';
import { Button } from '../../ui/Button';

/**
 * The masters cache of the open course (what the engine synthesized, kept so that no format, rate or
 * engine switch bills again): its size, what the course no longer uses, "Clean unused masters", and
 * the line saying another run (a CLI) is writing the folder.
 */
export function MastersCache(): React.JSX.Element | null {
  const masters = useMasters((s) => s.masters);
  const cleaning = useMasters((s) => s.cleaning);
  const live = useRun((s) => isLive(s.run.state));
  useEffect(() => refreshMasters(), []);
  if (!masters?.outputDir) return null;

  const clean = async (): Promise<void> => {
    try {
      const cleaned = await useMasters.getState().cleanUnused((question) => window.confirm(question));
      if (cleaned) toastInfo(`Removed ${formatCount(cleaned.removed)} unused masters.`, `${formatBytes(cleaned.freedBytes)} freed.`, 'success');
    } catch (error) {
      toastError('clean the unused masters', error);
    }
  };

  return (
    <section className="panel-section" aria-labelledby="masters-title" data-testid="masters-cache">
      <div className="section-head">
        <h3 id="masters-title">Masters cache</h3>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => void clean()}
          busy={cleaning}
          disabled={masters.unusedCount === 0 || live || masters.busy !== null}
          data-testid="masters-clean"
        >
          Clean unused masters
        </Button>
      </div>
      <p className="small" data-testid="masters-size" data-bytes={masters.bytes} data-unused-bytes={masters.unusedBytes} data-count={masters.count}>
        <span className="num">{formatBytes(masters.bytes)}</span> in {formatCount(masters.count)} masters
        {masters.unusedCount > 0 && (
          <span className="muted">
            {' '}
            · <span className="num">{formatBytes(masters.unusedBytes)}</span> unused ({formatCount(masters.unusedCount)})
          </span>
        )}
      </p>
      {masters.busy && (
        <p className="field-error small" role="status" data-testid="masters-busy">
          {masters.busy}
        </p>
      )}
    </section>
  );
}
