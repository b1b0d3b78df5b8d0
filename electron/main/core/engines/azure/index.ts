/** The Azure Speech engine: see README.md. */
export { AzureEngine, resolveAzureEndpoint, type AzureEngineOptions, type AzureEngineStats } from './azure-engine';
export { AzureSynthesizer, AZURE_SAMPLE_RATE, sdkOutputFormat, type AzureSynthesizerOptions, type Mp3Bitrate } from './azure-synthesizer';
export { classifySdkFailure, cleanDetails, type SdkFailure } from './classify-error';
export { redactSecrets } from './redact';
export { ensureSdkUsesNpmWebSocket, type SdkRuntime } from './sdk-runtime';
export { VoiceList, voiceListUrl, parseRetryAfter, toVoiceInfo, type ListedVoice, type VoiceListOptions } from './voice-list';
export { azureRunDefaults, AZURE_TIERS, type AzureRunDefaults, type AzureTier } from './run-defaults';
