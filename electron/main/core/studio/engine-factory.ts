import { createEngine as defaultCreateEngine, EngineUnavailableError, type EngineSettings } from '../engines/create-engine';
import { azureTimeouts } from '../engines/azure/run-defaults';
import type { SpeechEngine } from '../engines/speech-engine';
import type { SecretBox } from '../settings/secret-box';
import type { Settings } from '../settings/settings-schema';

/**
 * Builds the engine the settings name. The studio service holds only this function, never the key.
 * `batch`: Azure through its batch synthesis API ("Send to Azure batch"), keeping jobs in `outDir`.
 */
export type EngineFactory = (settings: Settings, options?: { readonly batch?: EngineSettings['batch'] }) => Promise<SpeechEngine>;

/**
 * The only place the Azure key is read: from the SecretBox, straight into the engine. An Azure engine
 * with neither a key nor a custom host (a local test service) cannot work, so that is refused here
 * with words the producer can act on.
 */
export function engineFactory(secrets: SecretBox, create: (settings: EngineSettings) => Promise<SpeechEngine> = defaultCreateEngine): EngineFactory {
  return async (settings, options) => {
    if (settings.engine === 'offline') return create({ engine: 'offline' });
    const key = await secrets.get();
    if (!key && !settings.azure.host) {
      throw new EngineUnavailableError('No Azure key is set. Add your Speech resource key in Settings, or switch to the offline engine.');
    }
    if (!settings.azure.region && !settings.azure.host) {
      throw new EngineUnavailableError('No Azure region is set. Enter your Speech resource region (for example "westeurope") in Settings.');
    }
    return create({
      engine: 'azure',
      azure: { ...(key ? { key } : {}), ...(settings.azure.region ? { region: settings.azure.region } : {}), ...(settings.azure.host ? { host: settings.azure.host } : {}) },
      // Synthesizers connect for PCM WAV: every run synthesizes masters and derives MP3 locally
      // (docs/storage.md). The same call and connect timeouts as a CLI run (run-setup.ts).
      azureTuning: { ...azureTimeouts(), format: 'wav' },
      ...(options?.batch ? { batch: options.batch } : {}),
    });
  };
}
