import { memo } from 'react';
import type { RenderCell } from '../../../../shared/ipc/contract';
import { cellKey, PENDING_CELL, PLAYABLE } from '../../lib/cells';
import { formatSeconds } from '../../lib/format';
import { hasQa, QA_LABEL, qaExplanation } from '../../lib/qaText';
import { useCells } from '../../store/cells';
import { usePlayer } from '../../store/player';
import { isSelected, useUi } from '../../store/ui';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { activateCell } from './cellActions';
import { STATUS_LABEL, STATUS_SHORT, StatusIcon } from './cellStatus';

interface VariantCellProps {
  phraseId: string;
  variantId: string;
  colIndex: number;
}

/**
 * One render's state. Each cell subscribes to its own entry only, so a batch of changes re-renders
 * exactly the visible cells that changed.
 */
export const VariantCell = memo(function VariantCell({ phraseId, variantId, colIndex }: VariantCellProps): React.JSX.Element {
  const id = cellKey(phraseId, variantId);
  const cell = useCells((s) => s.cells.get(id)) ?? PENDING_CELL;
  const selected = useUi((s) => isSelected(s, phraseId, variantId));
  const loading = usePlayer((s) => s.loadingKey === id);
  const playing = usePlayer((s) => s.status === 'playing' && s.source?.kind === 'render' && s.source.phraseId === phraseId && s.source.variantId === variantId);
  const playable = PLAYABLE.has(cell.status);
  // Done and cached cells show how long their audio is ("1.4 s"); the icon still tells which of the two.
  const duration = playable && cell.durationMs !== undefined ? formatSeconds(cell.durationMs) : null;
  // A QA flag is a shape as well as a colour ("!" in a triangle), named in the label and the tooltip.
  const flagged = playable && hasQa(cell);

  return (
    <div
      role="gridcell"
      aria-colindex={colIndex}
      aria-selected={selected}
      aria-label={`${variantId}: ${STATUS_SHORT[cell.status]}${duration ? `, ${duration}` : ''}${flagged ? `, QA: ${cell.qa!.map((flag) => QA_LABEL[flag]).join(', ')}` : ''}`}
      className={`td vcell st-${cell.status}${selected ? ' is-selected' : ''}${playable ? ' is-playable' : ''}${flagged ? ' has-qa' : ''}`}
      data-testid={`cell-${phraseId}-${variantId}`}
      data-status={cell.status}
      data-duration-ms={playable ? cell.durationMs : undefined}
      data-qa={flagged ? cell.qa!.join(' ') : undefined}
      title={tooltip(cell, duration)}
      onClick={() => activateCell({ phraseId, variantId })}
    >
      {loading ? <Spinner /> : playing ? <Icon name="wave" size={14} className="playing-icon" /> : <StatusIcon status={cell.status} />}
      <span className="vcell-label num">{duration ?? STATUS_SHORT[cell.status]}</span>
      {flagged && (
        <span className="qa-badge" data-testid={`qa-${phraseId}-${variantId}`} aria-hidden="true">
          <svg width="12" height="12" viewBox="0 0 16 16" focusable="false">
            <path d="M8 1.8L15 14H1z" fill="currentColor" />
            <path d="M8 6v3.6M8 11.6v.2" stroke="var(--on-status)" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </span>
      )}
    </div>
  );
});

function tooltip(cell: RenderCell, duration: string | null): string {
  let text = STATUS_LABEL[cell.status];
  if (duration) text += `, ${duration} long`;
  if (cell.attempt && cell.attempt > 1) text += ` (attempt ${cell.attempt})`;
  if (cell.error) text += `\n${cell.error}`;
  if (PLAYABLE.has(cell.status)) for (const line of qaExplanation(cell)) text += `\n⚠ ${line}`;
  if (PLAYABLE.has(cell.status)) text += '\nClick or press Space to play · Enter renders it again';
  else text += '\nEnter renders it now';
  return text;
}
