import { create } from 'zustand';
import type { MastersCleaned, MastersView } from '../../../shared/ipc/contract';
import { invoke } from '../lib/api';
import { formatBytes, formatCount } from '../lib/format';

/**
 * The open course's masters cache as main reports it (size, what is unused, another run writing the
 * folder), re-read when the course or a run's state changes and when the Run tab shows it; and the
 * "Clean unused masters" action, which asks first (the question is passed in, so this stays DOM-less).
 */
interface MastersState {
  masters: MastersView | null;
  cleaning: boolean;
  refresh(): Promise<void>;
  /** Asks `confirm` with the size to free; null when declined or nothing is unused. */
  cleanUnused(confirm: (question: string) => boolean): Promise<MastersCleaned | null>;
}

let asked = 0;

export const useMasters = create<MastersState>()((set, get) => ({
  masters: null,
  cleaning: false,
  async refresh() {
    const ticket = ++asked;
    const masters = await invoke('masters:view');
    if (ticket === asked) set({ masters }); // an older answer never overwrites a newer one
  },
  async cleanUnused(confirm) {
    const masters = get().masters;
    if (!masters || masters.unusedCount === 0 || get().cleaning) return null;
    if (!confirm(cleanQuestion(masters))) return null;
    set({ cleaning: true });
    try {
      const cleaned = await invoke('masters:cleanUnused');
      asked++;
      set({ masters: cleaned.masters });
      return cleaned;
    } finally {
      set({ cleaning: false });
    }
  },
}));

export function cleanQuestion(masters: Pick<MastersView, 'unusedCount' | 'unusedBytes'>): string {
  const n = masters.unusedCount;
  return (
    `Remove ${formatCount(n)} unused master${n === 1 ? '' : 's'} and free ${formatBytes(masters.unusedBytes)}? ` +
    'The course no longer uses them; delivered files are not touched. A master needed again later is synthesized again (billed, for Azure).'
  );
}

/** Re-reads the cache in the background (a failure leaves the last reading). */
export function refreshMasters(): void {
  void useMasters
    .getState()
    .refresh()
    .catch(() => undefined);
}
