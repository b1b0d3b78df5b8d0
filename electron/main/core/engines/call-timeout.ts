/**
 * The one default bound for one render, from borrowing a synthesizer to its audio: the Speech SDK
 * has no timeouts of its own, and a stuck eSpeak worker never answers. The engine pool enforces it;
 * the Azure synthesizer's own timer uses the same value as a second guard. `CAS_AZURE_CALL_TIMEOUT_MS`
 * overrides it for Azure runs (engines/azure/run-defaults.ts).
 */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
