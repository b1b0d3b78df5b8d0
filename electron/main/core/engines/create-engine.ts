import type { EngineName } from '../../../../shared/model/audio';
import type { SpeechEngine } from './speech-engine';
import { OfflineEngine } from './offline';

export interface AzureCredentials {
  readonly key?: string;
  readonly region?: string;
  readonly host?: string;
}

export interface EngineSettings {
  readonly engine: EngineName;
  readonly azure?: AzureCredentials;
}

/** The engine cannot be used with these settings; the message says what to change. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

export async function createEngine(settings: EngineSettings): Promise<SpeechEngine> {
  switch (settings.engine) {
    case 'offline':
      return new OfflineEngine();
    case 'azure':
      throw new EngineUnavailableError('The Azure engine is not available yet in this version; use --engine offline (the embedded eSpeak NG voices).');
  }
}
