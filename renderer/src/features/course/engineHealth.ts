import type { PoolGauges, RunView, SettingsView } from '../../../../shared/ipc/contract';

export type Health = { tone: 'ok' | 'busy' | 'warn' | 'bad' | 'off'; text: string };

/**
 * What the engine badge says. For Azure, "Ready" only once the service answered with the key
 * (`keyStatus` 'verified'); a refused key and an unchecked one say so. A main that sends no
 * `keyStatus` (older) is judged by `keySet` alone.
 */
export function engineHealth(settings: SettingsView | null, run: Pick<RunView, 'state' | 'hold' | 'stopReason'>, pool: Pick<PoolGauges, 'throttlePerMinute'>): Health {
  if (!settings) return { tone: 'off', text: 'Loading settings' };
  const azure = settings.engine === 'azure';
  const { keySet, keyStatus, keyMessage, host } = settings.azure;
  // A custom host (a speech container) may need no key; the cloud always does.
  if (azure && !keySet && !host) return { tone: 'bad', text: 'No Azure key: add one in Settings' };
  if (azure && keyStatus === 'refused') return { tone: 'bad', text: keyMessage ? `Key refused: ${keyMessage}` : 'Key refused: check the key and region in Settings' };
  if (run.state === 'stopped' && run.stopReason) return { tone: 'bad', text: run.stopReason };
  if (run.hold) return { tone: 'warn', text: 'Waiting for the service' };
  if (run.state === 'running' && pool.throttlePerMinute > 0) return { tone: 'warn', text: 'Rendering, the service is throttling' };
  if (run.state === 'running') return { tone: 'busy', text: 'Rendering' };
  if (azure && keyStatus !== undefined && keyStatus !== 'verified') return { tone: 'warn', text: keyMessage ? `Key not verified: ${keyMessage}` : 'Key not verified' };
  return { tone: 'ok', text: 'Ready' };
}
