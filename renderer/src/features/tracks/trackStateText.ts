import type { TrackBuildState, TrackFileView } from '../../../../shared/ipc/deliverables-contract';
import type { CellStatus } from '../../lib/cells';
import { formatCount } from '../../lib/format';

// A track file's build state in words and as a cell-state icon (same shapes as the table: a state is
// never told by colour alone).

export const BUILD_STATE_LABEL: Record<TrackBuildState, string> = {
  built: 'Built',
  stale: 'Out of date',
  'not-built': 'Not built',
};

export const BUILD_STATE_ICON: Record<TrackBuildState, CellStatus> = {
  built: 'done',
  stale: 'stale',
  'not-built': 'pending',
};

/** The tooltip: what the state means and what Build will do. */
export function buildStateDetail(file: Pick<TrackFileView, 'state' | 'missing'>): string {
  const waiting = file.missing > 0 ? ` ${formatCount(file.missing)} of its renders ${file.missing === 1 ? 'is' : 'are'} not on disk yet: Generate first.` : '';
  switch (file.state) {
    case 'built':
      return 'The file matches its phrases, voices and pauses.';
    case 'stale':
      return `A phrase, voice or the layout changed since it was built (it still plays the old version).${waiting || ' Build makes it again.'}`;
    case 'not-built':
      return `No file yet.${waiting || ' Build makes it from the rendered clips.'}`;
  }
}

/** Whether Build would (re)make this file now: it is not current and every part is rendered. */
export const canBuild = (file: Pick<TrackFileView, 'state' | 'missing'>): boolean => file.state !== 'built' && file.missing === 0;
