import { redactSecrets as redact } from '../../redact';

/**
 * The one redaction (core/redact.ts) as the engine uses it: the key it knows and credential
 * parameters go; long ids such as the service's connection ids stay (a log line redacts those too).
 */
export function redactSecrets(text: string, key?: string): string {
  return redact(text, key, { keyShaped: false });
}
