import type { CellStatus } from '../../lib/cells';

// The words for each state live in lib/cellLabels.ts (the player and the stores use them too).
export { STATUS_LABEL, STATUS_SHORT } from '../../lib/cellLabels';

/**
 * How each render state looks. Every state has its own icon shape as well as its colour (the
 * `st-<status>` class), so the table reads in greyscale and for colour-blind producers too.
 */
export function StatusIcon({ status, size = 14 }: { status: CellStatus; size?: number }): React.JSX.Element {
  return (
    <svg className={`status-icon st-${status}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {SHAPES[status]}
    </svg>
  );
}

const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.7, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

const SHAPES: Record<CellStatus, React.JSX.Element> = {
  pending: <circle cx="8" cy="8" r="5" {...stroke} strokeDasharray="2.2 2.2" />,
  queued: (
    <g {...stroke}>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3.2l2 1.3" />
    </g>
  ),
  running: (
    <g className="spin">
      <circle cx="8" cy="8" r="5.5" {...stroke} strokeOpacity="0.3" />
      <path d="M13.5 8A5.5 5.5 0 0 0 8 2.5" {...stroke} />
    </g>
  ),
  retrying: (
    <g {...stroke}>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M13 2.5v3h-3" />
    </g>
  ),
  done: (
    <g>
      <circle cx="8" cy="8" r="6.5" fill="currentColor" />
      <path d="M5 8.3l2 2 4-4.6" fill="none" stroke="var(--on-status)" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </g>
  ),
  cached: (
    <g>
      <rect x="1.8" y="1.8" width="12.4" height="12.4" rx="3.2" fill="currentColor" />
      <path d="M5 8.3l2 2 4-4.6" fill="none" stroke="var(--on-status)" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </g>
  ),
  failed: (
    <g>
      <circle cx="8" cy="8" r="6.5" fill="currentColor" />
      <path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" fill="none" stroke="var(--on-status)" strokeWidth="1.8" strokeLinecap="round" />
    </g>
  ),
  cancelled: (
    <g {...stroke}>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M4.2 11.8l7.6-7.6" />
    </g>
  ),
  stale: (
    <g>
      <circle cx="8" cy="8" r="5.5" {...stroke} />
      <path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor" />
    </g>
  ),
};
