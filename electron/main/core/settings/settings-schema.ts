import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineName } from '../../../../shared/model/audio';
import { DEFAULT_PRICE_PER_MILLION_CHARS } from '../../../../shared/model/pricing';
import { SettingsFieldsSchema } from '../../../../shared/model/settings';
import { azureHostProblem } from './azure-endpoint';
import { defaultOfflineWorkers } from '../engines/offline/default-workers';

/**
 * The stored settings: ONE zod schema (and one set of defaults) shared by the Node store used in tests
 * and the bridge (conf) and the Electron store (electron-store, which is conf underneath), so the two
 * can never drift. The Azure key is not here: it lives in a SecretBox, encrypted, and never in this file.
 */
export const SettingsSchema = SettingsFieldsSchema.extend({
  azure: SettingsFieldsSchema.shape.azure
    .extend({
      // https, or plain http only on this computer: the key travels to this host (azure-endpoint.ts).
      host: SettingsFieldsSchema.shape.azure.shape.host.superRefine((host, context) => {
        const problem = azureHostProblem(host);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    })
    .strict(),
}).strict();
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * Pool size that suits each engine: eSpeak workers are CPU-bound (one core fewer than the machine has,
 * 1-2: engines/offline/default-workers.ts says why); Azure sockets wait on the network.
 */
export const DEFAULT_MAX_CONNECTIONS: Readonly<Record<EngineName, number>> = { offline: defaultOfflineWorkers(), azure: 8 };

// The list price lives in shared/ because the Settings tab quotes it too.
export { DEFAULT_PRICE_PER_MILLION_CHARS };

export const OUTPUT_FOLDER_NAME = 'Course Audio Studio';

/** `<Documents>/Course Audio Studio` when there is a Documents folder, else `<home>/Course Audio Studio`. */
export function defaultOutputDir(documentsDir?: string): string {
  const documents = documentsDir ?? join(homedir(), 'Documents');
  return join(existsSync(documents) ? documents : homedir(), OUTPUT_FOLDER_NAME);
}

export function defaultSettings(outputDir: string = defaultOutputDir()): Settings {
  return {
    engine: 'offline',
    azure: { region: '', host: '' },
    outputDir,
    format: 'wav',
    maxConnections: DEFAULT_MAX_CONNECTIONS.offline,
    pricePerMillionChars: DEFAULT_PRICE_PER_MILLION_CHARS,
  };
}

/**
 * The JSON schema conf/electron-store validate with (its `properties` map), derived from the zod
 * schema so a hand-edited file that violates it is caught by the store itself, too.
 */
export function settingsJsonSchemaProperties(): Record<string, unknown> {
  const json = z.toJSONSchema(SettingsSchema) as { properties: Record<string, unknown> };
  return json.properties;
}
