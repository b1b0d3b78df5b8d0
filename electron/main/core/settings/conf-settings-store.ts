import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { SettingsPatch } from '../../../../shared/ipc/contract';
import { applySettingsPatch } from './apply-patch';
import { defaultSettings, SettingsSchema, settingsJsonSchemaProperties, type Settings } from './settings-schema';
import type { SettingsStore } from './settings-store';

/** The part of conf (and electron-store, its subclass) this store uses. */
export interface ConfLike {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
  readonly path: string;
}

export interface ConfSettingsStoreOptions {
  /** Folder of settings.json. Required for conf; electron-store defaults to userData. */
  readonly cwd?: string;
  /** Default output folder (Electron passes app.getPath('documents')-based; Node uses ~/Documents). */
  readonly outputDir?: string;
  /** Builds the underlying store; default `new Conf(options)`. Electron passes electron-store here. */
  readonly createStore?: (options: ConfConstructorOptions) => ConfLike;
  readonly now?: () => Date;
  readonly onRepair?: (message: string) => void;
}

export interface ConfConstructorOptions {
  cwd?: string;
  configName: string;
  projectName: string;
  defaults: Settings;
  schema: Record<string, unknown>;
  rootSchema: { additionalProperties: boolean };
  clearInvalidConfig: false;
  configFileMode: number;
  watch: false;
}

export const SETTINGS_FILE_NAME = 'settings';

/**
 * Settings in a JSON file through conf (atomic writes, JSON-schema validation). A file that does not
 * parse or does not fit the schema (hand edits, a crash in an older version, a downgrade) is renamed
 * to `settings.json.corrupt-<time>` and the studio starts from defaults, rather than refusing to
 * start or silently using half-valid values; the kept file lets the producer recover by hand.
 */
export class ConfSettingsStore implements SettingsStore {
  private readonly store: ConfLike;
  private cached: Settings;

  constructor(options: ConfSettingsStoreOptions = {}) {
    const defaults = defaultSettings(options.outputDir);
    const confOptions: ConfConstructorOptions = {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      configName: SETTINGS_FILE_NAME,
      projectName: 'course-audio-studio',
      defaults,
      schema: settingsJsonSchemaProperties(),
      rootSchema: { additionalProperties: false },
      // We repair ourselves (keeping the bad file aside) instead of conf's silent wipe.
      clearInvalidConfig: false,
      configFileMode: 0o600,
      watch: false,
    };
    const create = options.createStore ?? ((opts: ConfConstructorOptions) => new Conf<Settings>(opts as never) as unknown as ConfLike);
    const now = options.now ?? (() => new Date());
    let store: ConfLike;
    try {
      store = create(confOptions);
      SettingsSchema.parse(store.store);
    } catch (error) {
      const path = expectedPath(options.cwd);
      if (!path || !existsSync(path)) throw error;
      const aside = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, aside);
      options.onRepair?.(`The settings file could not be read (${(error as Error).message.split('\n')[0]}); it was kept as ${aside} and the defaults are used.`);
      store = create(confOptions);
    }
    this.store = store;
    this.cached = SettingsSchema.parse(store.store);
  }

  get path(): string {
    return this.store.path;
  }

  get(): Settings {
    return structuredClone(this.cached);
  }

  update(patch: SettingsPatch): Settings {
    const next = applySettingsPatch(this.cached, patch);
    this.store.set(next);
    this.cached = next;
    return structuredClone(next);
  }
}

function expectedPath(cwd: string | undefined): string | undefined {
  return cwd ? join(cwd, `${SETTINGS_FILE_NAME}.json`) : undefined;
}
