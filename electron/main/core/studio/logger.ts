import { redactSecrets } from '../redact';

export { redactSecrets };

/**
 * The studio's log port; every line passes through the one redaction (core/redact.ts). Secrets must
 * never reach a log: the dispatcher never logs inputs (settings:setKey carries the key), and error
 * texts are scrubbed of anything key-shaped before they are written.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Console logging, redacted. */
export const consoleLogger: Logger = {
  info: (message) => console.info(redactSecrets(message)),
  warn: (message) => console.warn(redactSecrets(message)),
  error: (message) => console.error(redactSecrets(message)),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
