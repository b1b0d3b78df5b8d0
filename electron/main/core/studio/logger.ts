/**
 * The studio's log port, and the redaction every line passes through. Secrets must never reach a
 * log: the dispatcher never logs inputs (settings:setKey carries the key), and error texts are
 * scrubbed of anything key-shaped (Azure keys are 32 hex characters, newer ones 84 alphanumerics;
 * subscription-key headers and query parameters) before they are written.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const KEY_SHAPED = [
  /(Ocp-Apim-Subscription-Key|subscription-key|api[-_]?key|authorization|bearer)(["'\s:=]+)[^\s"'&,;]+/gi,
  /\b[A-Za-z0-9]{32,}\b/g,
];

/** Replaces known secrets and anything key-shaped with `[redacted]`. */
export function redactSecrets(text: string, knownSecrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of knownSecrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  out = out.replace(KEY_SHAPED[0]!, (_match, name: string, separator: string) => `${name}${separator}[redacted]`);
  return out.replace(KEY_SHAPED[1]!, '[redacted]');
}

/** Console logging, redacted. */
export const consoleLogger: Logger = {
  info: (message) => console.info(redactSecrets(message)),
  warn: (message) => console.warn(redactSecrets(message)),
  error: (message) => console.error(redactSecrets(message)),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
