import { invoke } from '../../lib/api';
import { cellKey, PLAYABLE } from '../../lib/cells';
import { cellState, useCells } from '../../store/cells';
import { useCourse } from '../../store/course';
import { usePlayer } from '../../store/player';
import { toastError } from '../../store/toasts';
import { useUi } from '../../store/ui';

/**
 * One click: renders every cell of the phrase that has no current audio (stale, pending, failed),
 * one after another at high priority, then plays the selected variant (or the phrase's first) so the
 * producer hears the edit at once.
 */
export async function rerenderPhrase(phraseId: string): Promise<void> {
  const variants = useCourse.getState().course?.variants.map((variant) => variant.id) ?? [];
  const todo = variants.filter((variantId) => !PLAYABLE.has(cellState(cellKey(phraseId, variantId)).status));
  for (const variantId of todo) {
    const id = cellKey(phraseId, variantId);
    useCells.getState().applyChanges({ [id]: { ...cellState(id), status: 'queued', error: undefined } });
    try {
      useCells.getState().applyChanges({ [id]: await invoke('run:renderCell', { phraseId, variantId }) });
    } catch (error) {
      toastError(`render ${phraseId} · ${variantId}`, error);
      return;
    }
  }
  const selection = useUi.getState().selection;
  const play = selection?.phraseId === phraseId ? selection.variantId : variants[0];
  if (play && PLAYABLE.has(cellState(cellKey(phraseId, play)).status)) await usePlayer.getState().playCell(phraseId, play);
}
