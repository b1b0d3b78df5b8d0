import type { SettingsPatch } from '../../../../shared/ipc/contract';
import { DEFAULT_MAX_CONNECTIONS, SettingsSchema, type Settings } from './settings-schema';

/**
 * Merges a patch into settings. Switching engines also switches maxConnections to the new engine's
 * default, but only when the producer had left it at the old engine's default (2 eSpeak workers would
 * starve an Azure run; 8 workers would overload a laptop); an explicit choice is kept.
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next: Settings = {
    ...current,
    ...patch,
    azure: { ...current.azure, ...patch.azure },
  };
  if (patch.engine && patch.engine !== current.engine && patch.maxConnections === undefined && current.maxConnections === DEFAULT_MAX_CONNECTIONS[current.engine]) {
    next.maxConnections = DEFAULT_MAX_CONNECTIONS[patch.engine];
  }
  return SettingsSchema.parse(next);
}
