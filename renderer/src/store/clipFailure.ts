import type { CellStatus } from '../lib/cells';
import { PLAYABLE } from '../lib/cells';
import { STATUS_LABEL } from '../lib/cellLabels';

export type ClipFailureAction = { kind: 'reload' } | { kind: 'tell'; title: string; detail: string };

/**
 * The player's <audio> could not load its clip. What is true is decided by the cell's CURRENT state,
 * not by the clip the player happened to hold: a cell that has a file gets its clip fetched again
 * (once: links are per file, so a re-render or another course makes the old one stale); a cell
 * without one says so; only a second failure of a fresh link means the file itself is unreadable.
 */
export function clipFailureAction(
  source: { kind: 'render'; phraseId: string; variantId: string } | { kind: 'audition' },
  status: CellStatus | null,
  alreadyRetried: boolean,
): ClipFailureAction {
  if (source.kind === 'audition') return { kind: 'tell', title: "Couldn't play the take.", detail: 'Render it again from the Audition grid.' };
  const where = `${source.phraseId} · ${source.variantId}`;
  if (status && !PLAYABLE.has(status)) return { kind: 'tell', title: `${where} has no audio yet.`, detail: `${STATUS_LABEL[status]}. Select it and press Enter to render it.` };
  if (!alreadyRetried) return { kind: 'reload' };
  return { kind: 'tell', title: `Couldn't play ${where}.`, detail: 'The file on disk could not be read. Press Enter on the cell to render it again.' };
}
