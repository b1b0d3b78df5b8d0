/**
 * Turns what the Speech SDK reports for a failed call or connect into a `SynthesisError` whose kind
 * drives the queue's policy (retry-policy.ts):
 *
 *   throttled    requeue at the head; the queue decides from behaviour which limit was hit (a
 *                connection cap, a concurrency limit or a request rate: the code and text do not say,
 *                protocol section 4.17), and never fails a phrase
 *   auth, quota  stop the run: every further call would be refused (or billed for nothing)
 *   network      retry; repeated, it is an outage: hold dispatch and probe with one render
 *   bad-request  fail this phrase only, with the service's reason (bad SSML, unknown voice)
 *   server       retry a few times
 *
 * The SDK reports almost everything as `ResultReason.Canceled` with `ConnectionFailure` and a free
 * text, so classification is by TEXT, not by code (docs/design/azure-tts-protocol.md section 1.8, docs/design/pool-and-throttling.md section 4.14). The texts, as
 * observed with SDK 1.52.0 (Node 20, `ws`):
 *   upgrade refused   `Unable to contact server. StatusCode: 1006,\n<20 spaces><URL> Reason:  Unexpected server response: 429`
 *   nothing listening `… Reason:  connect ECONNREFUSED 127.0.0.1:P`   (outage: `… Reason:  socket hang up`)
 *   close during turn `<reason> websocket error code: <code>`     (1007 → ErrorCode BadRequestParameters)
 *   TCP reset         ` websocket error code: 1006`
 *   idle-close race   `websocket send error: Websocket not ready <connId> <msgId> Error\n    at …stack…`
 *   redirect probe    `TypeError: fetch failed` (an Error object, hence String())
 * Timeouts never come from the SDK (it has none): they come from our own timers.
 */
import { SynthesisError, type SynthesisErrorKind } from '../synthesis-error';
import { redactSecrets } from './redact';

export interface SdkFailure {
  /** `CancellationDetails.errorDetails`, or whatever an error callback received. Not always a string. */
  readonly details: unknown;
  /** `CancellationErrorCode[code]`, e.g. 'ConnectionFailure', 'BadRequestParameters', when known. */
  readonly errorCode?: string;
  /** The subscription key, only so it can be removed from every text we produce. */
  readonly key?: string;
  /** Where it happened, for the message: opening the socket ahead of use, or during a call. */
  readonly phase?: 'connect' | 'call';
}

const THROTTLE_TEXT = /throttl|too many requests/i;
const QUOTA_TEXT = /quota|out of call volume|exceeded the (monthly|free)/i;
const NETWORK_TEXT =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EPIPE|socket hang up|getaddrinfo|Websocket not ready|fetch failed|certificate/i;

/** The service's own words, cleaned for a failures panel: no key, no stack trace, one line. */
export function cleanDetails(details: unknown, key?: string): string {
  let text = details instanceof Error ? `${details.name === 'Error' ? '' : `${details.name}: `}${details.message}` : String(details ?? '');
  text = text.replace(/\n\s+at .*/gs, ''); // "Websocket not ready … Error\n    at …" carries a stack
  text = text.replace(/\s+/g, ' ').trim();
  return redactSecrets(text, key);
}

/** `R websocket error code: C` → R; `… Reason:  X` → X; else the whole text. */
function serviceReason(text: string): string {
  const closed = /^(.*?)\s*websocket error code: \d+/is.exec(text);
  if (closed) return closed[1]!.trim();
  const reason = /Reason:\s*(.*)$/is.exec(text);
  if (reason) return reason[1]!.trim();
  return text.trim();
}

export function classifySdkFailure(failure: SdkFailure): SynthesisError {
  const detail = cleanDetails(failure.details, failure.key);
  const status = /Unexpected server response: (\d{3})/.exec(detail)?.[1];
  const closeCode = /websocket error code: (\d+)/.exec(detail)?.[1];
  const reason = serviceReason(detail);
  const where = failure.phase === 'connect' ? 'opening a connection' : 'synthesizing';
  const make = (kind: SynthesisErrorKind, message: string, refusedConnection = false): SynthesisError =>
    new SynthesisError(kind, redactSecrets(message, failure.key), detail || undefined, undefined, refusedConnection);

  // 1. Throttling, in its three guises: HTTP 429 on the upgrade, close 4429, close 1007 with throttling text.
  // The words say nothing about which limit was hit (4429 speaks of a "concurrent request limit"
  // for a request-rate quota too), so the messages only name the signal.
  if (status === '429') return make('throttled', 'Azure Speech refused a new connection (HTTP 429); the render was put back in the queue', true);
  if (closeCode === '4429') return make('throttled', 'Azure Speech throttled the request (close 4429); the render was put back in the queue');
  if (THROTTLE_TEXT.test(detail) || failure.errorCode === 'TooManyRequests') {
    return make('throttled', `Azure Speech throttled the request (${closeCode ? `close ${closeCode}` : 'too many requests'}); the render was put back in the queue`);
  }
  // 2. Quota and credentials: stop the run.
  const refusedRequest = failure.errorCode === 'BadRequestParameters' || closeCode === '1007';
  if (QUOTA_TEXT.test(detail) && !refusedRequest)
    return make('quota', `The Azure Speech quota of this key is used up (${reason || `HTTP ${status ?? '?'}`}): wait for the quota to renew or use a paid (S0) key, then resume.`);
  if (status === '401') return make('auth', 'Azure Speech refused the key (HTTP 401): check the key, and that it belongs to this region or host.');
  if (status === '403') return make('auth', 'Azure Speech denied access (HTTP 403): the key may be disabled, belong to another resource or region, or be out of quota.');
  if (failure.errorCode === 'AuthenticationFailure') return make('auth', `Azure Speech rejected the credentials (${reason}): check the key and region.`);
  // 3. The service cannot be reached, or says it is unavailable: an outage if it repeats.
  if (status === '502' || status === '503' || status === '504') return make('network', `Azure Speech is unavailable (HTTP ${status}) while ${where}`);
  // 4. A refused request (close 1007 without throttling text): this phrase only, with the service's reason.
  if (refusedRequest) {
    return make('bad-request', `Azure Speech rejected the request: ${reason || 'bad request'}`);
  }
  if (closeCode === '1006' || NETWORK_TEXT.test(detail)) return make('network', `Cannot reach Azure Speech while ${where} (${reason || 'connection lost'})`);
  if (/StatusCode: 1006/.test(detail) && status === undefined) {
    // The built-in WebSocket of Node >= 22 reports a refused upgrade without any status (sdk-runtime.ts).
    return make('network', `Cannot connect to Azure Speech while ${where} (no status reported)`);
  }
  // 5. A refused connection that no retry can fix.
  if (status === '400' || status === '404' || status === '405' || status === '414') {
    return make('bad-request', `Azure Speech refused the connection (HTTP ${status}): check the region or host address`);
  }
  // 6. The service failed.
  if (closeCode === '1011') return make('server', `Azure Speech had an internal error (${reason || 'close 1011'})`);
  if (status !== undefined) return make('server', `Azure Speech answered HTTP ${status} while ${where}`);
  if (closeCode !== undefined) return make('server', `Azure Speech closed the connection (code ${closeCode}${reason ? `: ${reason}` : ''})`);
  if (failure.errorCode === 'ServiceTimeout') return make('timeout', `Azure Speech timed out (${reason})`);
  if (/already disposed/i.test(detail)) return make('engine-crash', 'The synthesizer was already closed');
  if (failure.errorCode === 'ConnectionFailure') return make('network', `Lost the connection to Azure Speech while ${where} (${reason || 'no details'})`);
  return make('server', `Azure Speech failed while ${where}${reason ? `: ${reason}` : ''}`);
}
