import type { PoolGauges } from '../../../shared/ipc/contract';

/**
 * The pool's maximum, and why it is below the setting when it is: "3 (learned from the service;
 * settings 8)". A cap is learned when the service refuses connections; the pool's own configured
 * maximum says so exactly (a pool built before the setting changed is not "learned").
 */
export function describePoolMax(pool: Pick<PoolGauges, 'max' | 'configuredMax'>, settingsMax: number | undefined): { text: string; learned: boolean } {
  const configured = pool.configuredMax ?? settingsMax;
  const learned = pool.max > 0 && configured !== undefined && pool.max < configured;
  if (learned) return { text: `${pool.max} (learned from the service; settings ${settingsMax ?? configured})`, learned };
  if (pool.max > 0 && settingsMax !== undefined && settingsMax !== pool.max) return { text: `${pool.max} (settings ${settingsMax} from the next run)`, learned };
  return { text: String(pool.max), learned };
}
