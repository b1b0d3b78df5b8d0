import { create } from 'zustand';
import type { RenderCell } from '../../../shared/ipc/contract';
import { PENDING_CELL } from '../lib/cells';

interface CellsState {
  /**
   * Cell id -> state. Mutated in place and announced by bumping `version`: a run over 30,000 cells
   * sends ~10 batches a second, and copying a 30,000-entry map for each would cost more than the
   * change itself. Each changed cell gets a new object, so `cells.get(id)` selectors still see
   * exactly the cells that changed and only those components re-render.
   */
  cells: Map<string, RenderCell>;
  version: number;
  replaceAll(cells: Record<string, RenderCell>): void;
  applyChanges(changes: Record<string, RenderCell>): void;
}

export const useCells = create<CellsState>()((set, get) => ({
  cells: new Map(),
  version: 0,
  replaceAll(record) {
    set({ cells: new Map(Object.entries(record)), version: get().version + 1 });
  },
  applyChanges(changes) {
    const { cells } = get();
    for (const id in changes) cells.set(id, changes[id]!);
    set({ version: get().version + 1 });
  },
}));

export const cellState = (id: string): RenderCell => useCells.getState().cells.get(id) ?? PENDING_CELL;
