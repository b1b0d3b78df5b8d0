/**
 * The hard limit for one synthesis call, borrow to audio, when nothing else is configured: ONE default
 * for the pool, the Azure engine and its synthesizers, the CLI and the studio (the Speech SDK has no
 * timeout of its own; a hung call must end so its render is retried). Tests and troubleshooting
 * shorten it (CAS_AZURE_CALL_TIMEOUT_MS, see azure/run-defaults.ts).
 */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
