import type { CellStatus } from './cells';

/** Each render state in words: the long form for tooltips and messages, the short one for cells. */
export const STATUS_LABEL: Record<CellStatus, string> = {
  pending: 'Not rendered yet',
  queued: 'Queued',
  running: 'Rendering',
  retrying: 'Retrying',
  done: 'Done',
  cached: 'Done earlier (cached)',
  failed: 'Failed',
  cancelled: 'Cancelled',
  stale: 'Out of date: the text or voice changed',
};

export const STATUS_SHORT: Record<CellStatus, string> = {
  pending: 'Pending',
  queued: 'Queued',
  running: 'Rendering',
  retrying: 'Retrying',
  done: 'Done',
  cached: 'Cached',
  failed: 'Failed',
  cancelled: 'Cancelled',
  stale: 'Stale',
};
