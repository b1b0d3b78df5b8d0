/**
 * Close codes and reason texts the emulator sends. Clients classify failures by these texts
 * (docs/design/azure-tts-protocol.md section 1.8), so each failure class has its own wording; only the throttling texts mention
 * throttling. The SDK reports them as `<reason> websocket error code: <code>`.
 */

/** Throttling on a busy socket, as public reports quote it (Azure-Samples#2305). Sent after turn.start. */
export const REASON_4429 = 'The request is throttled because you have exceeded the concurrent request limit allowed for your subscription.';
/** Throttling as close 1007 (sdk-js#471); the SDK reports it as BadRequestParameters. */
export const REASON_1007_THROTTLED = 'Throttled due to too many requests';
/** A request-rate quota at a gateway that speaks HTTP 429: on an open socket it can only end the socket ("try again later"). */
export const REASON_1013_TOO_MANY = 'Too many requests. Please try again later.';
export const REASON_1011 = 'Internal server error.';
export const REASON_IDLE = 'Idle timeout';
export const REASON_LIFETIME = 'Maximum connection lifetime reached';
export const REASON_OUTAGE = 'Service unavailable';
export const REASON_SHUTDOWN = 'Server shutting down';

export const CODE_NORMAL = 1000;
export const CODE_INVALID_PAYLOAD = 1007;
export const CODE_SERVER_ERROR = 1011;
export const CODE_TRY_AGAIN_LATER = 1013;
export const CODE_THROTTLED = 4429;

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason, 'utf8') <= 123) return reason;
  let out = '';
  for (const ch of reason) {
    if (Buffer.byteLength(`${out}${ch}…`, 'utf8') > 123) break;
    out += ch;
  }
  return `${out}…`;
}

/** How a throttled turn ends: the close code and the reason text the client sees. */
export interface ThrottleClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * The close for a turn refused by a limit, by the signal the server was told to use. The texts are the
 * service's (protocol notes section 3): 4429 always speaks of a "concurrent request limit", whichever limit it is.
 */
export function throttleClose(signal: 4429 | 1007 | 429): ThrottleClose {
  if (signal === 4429) return { code: CODE_THROTTLED, reason: REASON_4429 };
  if (signal === 1007) return { code: CODE_INVALID_PAYLOAD, reason: REASON_1007_THROTTLED };
  return { code: CODE_TRY_AGAIN_LATER, reason: REASON_1013_TOO_MANY };
}
