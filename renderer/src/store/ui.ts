import { create } from 'zustand';

export type PanelTab = 'run' | 'pool' | 'audition' | 'course' | 'tracks' | 'settings';

export interface CellRef {
  phraseId: string;
  variantId: string;
}

export interface TableFilter {
  search: string;
  failedOnly: boolean;
  pendingOnly: boolean;
  /** Only phrases with a render that carries a QA flag (near-silent, truncated, runaway). */
  qaOnly: boolean;
  /** '' for all lessons. */
  lesson: string;
}

export const NO_FILTER: TableFilter = { search: '', failedOnly: false, pendingOnly: false, qaOnly: false, lesson: '' };

interface UiState {
  tab: PanelTab;
  filter: TableFilter;
  selection: CellRef | null;
  /** The notes column, when the course has notes (on by default; the producer can hide it). */
  showNotes: boolean;
  setTab(tab: PanelTab): void;
  setShowNotes(show: boolean): void;
  setFilter(patch: Partial<TableFilter>): void;
  clearFilter(): void;
  select(cell: CellRef | null): void;
}

export const useUi = create<UiState>()((set, get) => ({
  tab: 'run',
  filter: NO_FILTER,
  selection: null,
  showNotes: true,
  setTab(tab) {
    set({ tab });
  },
  setShowNotes(showNotes) {
    set({ showNotes });
  },
  setFilter(patch) {
    const filter = { ...get().filter, ...patch };
    // "Failed only" and "pending only" exclude each other; the last one ticked wins.
    if (patch.failedOnly) filter.pendingOnly = false;
    if (patch.pendingOnly) filter.failedOnly = false;
    set({ filter });
  },
  clearFilter() {
    set({ filter: NO_FILTER });
  },
  select(selection) {
    const current = get().selection;
    if (current?.phraseId === selection?.phraseId && current?.variantId === selection?.variantId) return;
    set({ selection });
  },
}));

export const isSelected = (s: UiState, phraseId: string, variantId: string): boolean => s.selection?.phraseId === phraseId && s.selection.variantId === variantId;
