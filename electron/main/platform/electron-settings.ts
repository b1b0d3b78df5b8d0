import { app, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { ConfSettingsStore, type ConfConstructorOptions, type ConfLike } from '../core/settings/conf-settings-store';
import type { SecretBox } from '../core/settings/secret-box';
import { defaultOutputDir } from '../core/settings/settings-schema';
import { StudioError } from '../core/studio/studio-error';

/**
 * Settings in electron-store (userData/settings.json): the same ConfSettingsStore class, schema,
 * defaults and corrupt-file repair as the Node store, with electron-store as the backing store.
 */
export function createElectronSettings(onRepair?: (message: string) => void): ConfSettingsStore {
  return new ConfSettingsStore({
    cwd: app.getPath('userData'),
    outputDir: defaultOutputDir(app.getPath('documents')),
    ...(onRepair ? { onRepair } : {}),
    createStore: (options: ConfConstructorOptions): ConfLike => {
      const { configName, projectName: _projectName, ...rest } = options;
      return new ElectronStore({ ...rest, name: configName } as never) as unknown as ConfLike;
    },
  });
}

interface SecretFile extends Record<string, unknown> {
  azureKey?: string;
}

/**
 * The Azure key sealed with safeStorage (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux)
 * in its own file (userData/secrets.json, mode 0600), apart from the settings. Where the OS offers
 * no secure backend, storing is refused rather than written in the clear.
 */
export class SafeStorageSecretBox implements SecretBox {
  private readonly store = new ElectronStore<SecretFile>({ name: 'secrets', configFileMode: 0o600, watch: false, clearInvalidConfig: true });

  async set(secret: string): Promise<void> {
    if (!safeStorage.isEncryptionAvailable() || (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')) {
      throw new StudioError('unsupported', 'This system offers no secure storage for the key (no keyring is running). Start your desktop keyring, or use the offline engine.');
    }
    this.store.set('azureKey', safeStorage.encryptString(secret).toString('base64'));
  }

  async get(): Promise<string | null> {
    const sealed = this.store.get('azureKey');
    if (!sealed || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      return null; // sealed by another user or machine: as if not set
    }
  }

  async clear(): Promise<void> {
    this.store.delete('azureKey');
  }

  async has(): Promise<boolean> {
    return Boolean(this.store.get('azureKey'));
  }
}
