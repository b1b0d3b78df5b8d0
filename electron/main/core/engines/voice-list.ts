import type { VoiceInfo } from '../../../../shared/ipc/contract';
import type { SpeechEngine } from './speech-engine';

/**
 * An optional extension of the SpeechEngine port: engines that can ask their service which voices
 * exist (Azure: the `voices/list` endpoint) implement `listVoices`. The offline engine does not; the
 * studio shows the curated catalog (voice-catalog.ts) for it. Kept in its own file so the Azure
 * engine can adopt it without touching speech-engine.ts; the lead may fold it into the port.
 */
export interface VoiceListingEngine extends SpeechEngine {
  listVoices?(): Promise<VoiceInfo[]>;
}

export function canListVoices(engine: SpeechEngine): engine is SpeechEngine & Required<Pick<VoiceListingEngine, 'listVoices'>> {
  return typeof (engine as VoiceListingEngine).listVoices === 'function';
}
