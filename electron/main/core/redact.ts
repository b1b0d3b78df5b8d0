/**
 * Keeps secrets out of every text the studio and the CLI produce (logs, messages, journals): the ONE
 * redaction, used by the Azure engine's error texts and by every log line. The SDK puts the key in
 * the query string of every WebSocket URL (docs/design/azure-tts-protocol.md section 1.2, section 4.11); its own
 * error texts carry the URL without the query today (observed), but nothing may depend on that.
 *
 * Replaced with `***`: the known secrets (and their URL-encoded form), credential query parameters and
 * headers (`Ocp-Apim-Subscription-Key=...`, `Authorization: Bearer ...`), and, when the caller does
 * not know the secret (a log line), anything key-shaped (Azure keys are 32 hex characters, newer ones
 * 84 alphanumerics). The engine's own messages keep other long ids (`keyShaped: false`), such as the
 * service's connection ids, which support needs; they pass through this again when logged.
 */
const SECRET_PARAMS = /([?&](?:ocp-apim-subscription-key|authorization|subscription-key|key|token|access_token)=)[^&#\s"']*/gi;
const SECRET_HEADERS = /(Ocp-Apim-Subscription-Key|subscription-key|api[-_]?key|authorization|bearer)(["'\s:=]+)(?!\*\*\*)(?:Bearer\s+)?[^\s"'&,;]+/gi;
const KEY_SHAPED = /\b[A-Za-z0-9]{32,}\b/g;

export const REDACTED = '***';

export function redactSecrets(text: string, knownSecrets?: string | ReadonlyArray<string | null | undefined>, options: { readonly keyShaped?: boolean } = {}): string {
  let out = text;
  const secrets = typeof knownSecrets === 'string' ? [knownSecrets] : (knownSecrets ?? []);
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  out = out.replace(SECRET_PARAMS, `$1${REDACTED}`);
  out = out.replace(SECRET_HEADERS, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`);
  return (options.keyShaped ?? !secrets.length) ? out.replace(KEY_SHAPED, REDACTED) : out;
}
