/**
 * Why a render failed, as the queue's retry policy needs to know it. The classes come from the
 * Azure protocol notes (docs/design/azure-tts-protocol.md section 1.8); the offline engine uses `engine-crash` and `bad-request`.
 */
export type SynthesisErrorKind =
  | 'throttled'
  | 'auth'
  | 'quota'
  | 'network'
  | 'bad-request'
  | 'server'
  | 'timeout'
  | 'engine-crash'
  /** A local engine that fails to start again and again (a missing or broken package): no render can succeed. */
  | 'engine-unavailable'
  | 'cancelled';

export class SynthesisError extends Error {
  override readonly name = 'SynthesisError';
  constructor(
    readonly kind: SynthesisErrorKind,
    message: string,
    /** The service's own words (errorDetails, close reason), kept for the failures panel. */
    readonly detail?: string,
    /** A server-provided Retry-After, in ms, when one was visible. */
    readonly retryAfterMs?: number,
    /**
     * The service refused to open a new connection because of a connection cap (Azure: HTTP 429 on
     * the WebSocket upgrade). The connections open now are the cap: the engine pool learns it.
     */
    readonly refusedConnection = false,
  ) {
    super(message);
  }

  /** Whether trying the same render again later can succeed. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'network' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'engine-crash';
  }
}

export function isSynthesisError(error: unknown): error is SynthesisError {
  return error instanceof SynthesisError;
}
