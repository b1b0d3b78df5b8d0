import type { SettingsView } from '../../../shared/ipc/contract';

/**
 * Whether how the studio reaches Azure changed between two settings views: the region, the host, a
 * key stored or forgotten, or what the service said about the key. The first settings the page
 * receives are no change (nothing was cached under older ones).
 */
export function azureAccessChanged(before: SettingsView | null, after: SettingsView | null): boolean {
  if (!before || !after) return false;
  const a = before.azure;
  const b = after.azure;
  return a.region !== b.region || a.host !== b.host || a.keySet !== b.keySet || a.keyStatus !== b.keyStatus || before.engine !== after.engine;
}
