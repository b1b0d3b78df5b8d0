import type { Settings } from '../settings/settings-schema';

/** US$ for `billableChars` at the configured price; null for the offline engine (nothing billed). */
export function azureCostUsd(billableChars: number, settings: Pick<Settings, 'engine' | 'pricePerMillionChars'>): number | null {
  return settings.engine === 'azure' ? Math.round((billableChars / 1_000_000) * settings.pricePerMillionChars * 10_000) / 10_000 : null;
}
