import { invoke } from '../../lib/api';
import { cellKey, PLAYABLE } from '../../lib/cells';
import { cellState, useCells } from '../../store/cells';
import { usePlayer } from '../../store/player';
import { toastError, toastInfo } from '../../store/toasts';
import { useUi, type CellRef } from '../../store/ui';

/** Click on a cell: select it, and play it when there is something to hear. */
export function activateCell(ref: CellRef): void {
  useUi.getState().select(ref);
  if (PLAYABLE.has(cellState(cellKey(ref.phraseId, ref.variantId)).status)) void usePlayer.getState().playCell(ref.phraseId, ref.variantId);
}

/**
 * Space: play/pause what is loaded if it is the selected cell (or a track: while one plays, the
 * selection follows its phrases), otherwise play the selected cell.
 */
export function playPauseSelected(): void {
  const selection = useUi.getState().selection;
  const player = usePlayer.getState();
  const source = player.source;
  if (source?.kind === 'track') {
    player.toggle();
    return;
  }
  const loadedIsSelected = source?.kind === 'render' && selection && source.phraseId === selection.phraseId && source.variantId === selection.variantId;
  if (selection && !loadedIsSelected && PLAYABLE.has(cellState(cellKey(selection.phraseId, selection.variantId)).status)) {
    void player.playCell(selection.phraseId, selection.variantId);
  } else if (source) player.toggle();
}

/** Enter: render the selected cell again now, whatever its state. */
export async function rerenderSelected(): Promise<void> {
  const selection = useUi.getState().selection;
  if (!selection) return;
  const id = cellKey(selection.phraseId, selection.variantId);
  // Show it as queued at once; main's answer (and its cells:changed events) take over from here.
  useCells.getState().applyChanges({ [id]: { ...cellState(id), status: 'queued', error: undefined } });
  try {
    const cell = await invoke('run:renderCell', selection);
    useCells.getState().applyChanges({ [id]: cell });
    if (cell.status === 'done' || cell.status === 'cached') {
      const ui = useUi.getState().selection;
      if (ui && cellKey(ui.phraseId, ui.variantId) === id) void usePlayer.getState().playCell(selection.phraseId, selection.variantId);
    } else if (cell.status === 'failed') toastInfo(`${selection.phraseId} · ${selection.variantId} failed again.`, cell.error, 'error');
  } catch (error) {
    toastError(`re-render ${selection.phraseId} · ${selection.variantId}`, error);
    const refreshed = await invoke('studio:snapshot').catch(() => null);
    const cell = refreshed?.cells[id];
    if (cell) useCells.getState().applyChanges({ [id]: cell });
  }
}
