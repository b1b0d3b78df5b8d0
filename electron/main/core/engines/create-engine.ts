import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { SpeechEngine } from './speech-engine';
import { EngineUnavailableError } from './engine-unavailable-error';
import { OfflineEngine } from './offline';

export { EngineUnavailableError };

export interface AzureCredentials {
  readonly key?: string;
  readonly region?: string;
  readonly host?: string;
}

export interface EngineSettings {
  readonly engine: EngineName;
  readonly azure?: AzureCredentials;
  /** Azure only: tuning that has sensible defaults (engines/azure/run-defaults.ts). */
  readonly azureTuning?: {
    readonly callTimeoutMs?: number;
    readonly connectTimeoutMs?: number;
    /** The format new synthesizers connect for (the run's format). */
    readonly format?: OutputFormat;
  };
  /** Azure only: render through the batch synthesis API (engines/azure-batch), keeping its jobs in `outDir`. */
  readonly batch?: { readonly outDir: string; readonly giveUpAfterMs?: number; readonly log?: (line: string) => void };
}

/**
 * Builds the engine the settings name. Throws EngineUnavailableError (with what to change) when the
 * Azure settings cannot work: no key without a host, no region without a host, a malformed host.
 */
export async function createEngine(settings: EngineSettings): Promise<SpeechEngine> {
  switch (settings.engine) {
    case 'offline':
      return new OfflineEngine();
    case 'azure': {
      if (settings.batch) {
        const { AzureBatchEngine } = await import('./azure-batch');
        return new AzureBatchEngine({ ...settings.azure, ...settings.batch });
      }
      // Loaded on demand: the Speech SDK is large, and offline runs never need it.
      const { AzureEngine } = await import('./azure');
      return new AzureEngine({ ...settings.azure, ...settings.azureTuning });
    }
  }
}
