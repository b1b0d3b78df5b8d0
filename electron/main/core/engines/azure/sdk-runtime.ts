/**
 * Makes the Speech SDK use the npm `ws` package for its sockets, whatever the runtime.
 *
 * Why: the SDK picks its WebSocket implementation at connect time. When `globalThis.WebSocket`
 * exists (Node >= 22, and so Electron's main process, which runs Node 24), it uses that built-in
 * (undici) WebSocket instead of `ws`. On that path (docs/design/azure-tts-protocol.md section 1.8, "Runtime differences"):
 * - a refused upgrade (HTTP 429/401) or a refused connection never calls back on Node 22, and even
 *   `synth.close()` never calls back; on Node 24 it calls back without the status (no way to tell a
 *   429 from a 401);
 * - headers are dropped (the key travels only in the query string).
 * Our error classification and connection-cap learning need the status, and a call that never
 * settles costs a full call timeout per render. Setting the SDK's (internal, undocumented) static
 * flag `WebsocketMessageAdapter.forceNpmWebSocket = true` restores the Node 20 behaviour (exp7).
 *
 * The flag lives in a deep module of the SDK's CommonJS build; the package has no `exports` map, so
 * the deep require works, and it is the same module instance the SDK's main entry uses (one
 * require cache). A bundler must therefore keep `microsoft-cognitiveservices-speech-sdk` external
 * (a bundled copy plus this deep require would be two instances: the flag would miss the copy).
 * If a future SDK release moves the flag, this reports `forced: false` with the reason instead of
 * throwing: the engine still works, and the per-call and per-connect timeouts bound any hang.
 */
import { createRequire } from 'node:module';

const ADAPTER_MODULE = 'microsoft-cognitiveservices-speech-sdk/distrib/lib/src/common.browser/WebsocketMessageAdapter.js';

export interface SdkRuntime {
  /** `process.versions.node`. */
  readonly node: string;
  /** Whether the runtime has a built-in WebSocket the SDK would otherwise pick. */
  readonly builtinWebSocket: boolean;
  /** Whether the SDK now uses the `ws` package (always true when there is no built-in WebSocket). */
  readonly usesNpmWebSocket: boolean;
  /** Whether this module had to set the flag. */
  readonly forced: boolean;
  /** Why the flag could not be set, when it could not. */
  readonly problem?: string;
}

let cached: SdkRuntime | undefined;

/** Idempotent; call before the first SpeechSynthesizer connects (AzureEngine does, in its constructor). */
export function ensureSdkUsesNpmWebSocket(): SdkRuntime {
  if (cached) return cached;
  const node = process.versions.node;
  const builtinWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'undefined';
  if (!builtinWebSocket) {
    cached = { node, builtinWebSocket, usesNpmWebSocket: true, forced: false };
    return cached;
  }
  try {
    const require = createRequire(import.meta.url);
    const adapter = (require(ADAPTER_MODULE) as { WebsocketMessageAdapter?: { forceNpmWebSocket?: boolean } }).WebsocketMessageAdapter;
    if (!adapter || typeof adapter.forceNpmWebSocket !== 'boolean') throw new Error('WebsocketMessageAdapter.forceNpmWebSocket not found in this SDK version');
    adapter.forceNpmWebSocket = true;
    cached = { node, builtinWebSocket, usesNpmWebSocket: true, forced: true };
  } catch (error) {
    cached = { node, builtinWebSocket, usesNpmWebSocket: false, forced: false, problem: (error as Error).message };
  }
  return cached;
}
