import type { TrackView } from '../../../../shared/ipc/deliverables-contract';
import type { CellStatus } from '../../lib/cells';

// A track file's build state in words and as a cell-state icon (the table's shapes: a state is
// never told by colour alone).

export type TrackBuildState = TrackView['state'];

export const BUILD_STATE_LABEL: Record<TrackBuildState, string> = {
  built: 'Built',
  outdated: 'Out of date',
  'not-built': 'Not built',
};

export const BUILD_STATE_ICON: Record<TrackBuildState, CellStatus> = {
  built: 'done',
  outdated: 'stale',
  'not-built': 'pending',
};

/** The tooltip: what the state means and what Build does. */
export const BUILD_STATE_DETAIL: Record<TrackBuildState, string> = {
  built: 'The file matches its phrases, voices and pauses.',
  outdated: 'A phrase, a voice or the layout changed since it was built; it still plays the old version. Build makes it again.',
  'not-built': 'No file yet. Build makes it from the rendered clips once every clip it needs is rendered.',
};

/** Whether Build has anything to do for this file. */
export const needsBuild = (file: Pick<TrackView, 'state'>): boolean => file.state !== 'built';
