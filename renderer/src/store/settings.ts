import { create } from 'zustand';
import type { SettingsView } from '../../../shared/ipc/contract';

interface SettingsState {
  settings: SettingsView | null;
  setSettings(settings: SettingsView): void;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  setSettings(settings) {
    set({ settings });
  },
}));
