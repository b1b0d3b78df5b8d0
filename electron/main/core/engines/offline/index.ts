/** The offline (eSpeak NG) engine: see README.md. */
export { OfflineEngine, type OfflineEngineOptions } from './offline-engine';
export { defaultOfflineWorkers } from './default-workers';
export { OfflineSynthesizer, type CrashMode, type OfflineJobTimings, type OfflineSynthesizedAudio, type OfflineSynthesizerOptions } from './offline-synthesizer';
export {
  allMappedEspeakVoices,
  genderOfAzureVoice,
  localeOfAzureVoice,
  offlineVoiceFor,
  OFFLINE_PITCH,
  supportedOfflineLanguages,
  supportedOfflineLocales,
  UnsupportedOfflineLocaleError,
  type OfflineVoice,
  type VoiceGender,
} from './voice-map';
export { ESPEAK_BASE_WPM, ESPEAK_MAX_WPM, ESPEAK_MIN_WPM, espeakRateWpm, toEspeakSsml } from './espeak-ssml';
export type { StartupTimings } from './worker-protocol';
