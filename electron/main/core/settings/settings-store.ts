import type { SettingsPatch } from '../../../../shared/ipc/contract';
import type { Settings } from './settings-schema';

/**
 * The settings port. The studio reads and patches settings through it; the Node implementation
 * (ConfSettingsStore over `conf`) serves tests and the bridge, the Electron adapter passes
 * electron-store (conf underneath) into the same class, so both share schema, defaults and repair.
 */
export interface SettingsStore {
  get(): Settings;
  /** Applies a validated patch and returns the new settings. Throws a ZodError when the result is invalid. */
  update(patch: SettingsPatch): Settings;
  /** Where the settings live (shown in logs; the bridge puts its secret box next to it). */
  readonly path: string;
}
