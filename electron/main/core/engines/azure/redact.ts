/**
 * Keeps the subscription key out of every text we produce. The SDK puts the key in the query string
 * of every WebSocket URL (protocol §1.2, §4.11); its own error texts carry the URL without the query
 * today (observed), but nothing we show, log or journal may depend on that staying true.
 */

/** Query parameters that carry credentials, in any case. */
const SECRET_PARAMS = /([?&](?:ocp-apim-subscription-key|authorization|subscription-key|key|token|access_token)=)[^&#\s"']*/gi;

export function redactSecrets(text: string, key?: string): string {
  let out = text.replace(SECRET_PARAMS, '$1***');
  if (key && key.length >= 4) {
    out = out.split(key).join('***');
    const encoded = encodeURIComponent(key);
    if (encoded !== key) out = out.split(encoded).join('***');
  }
  return out;
}
