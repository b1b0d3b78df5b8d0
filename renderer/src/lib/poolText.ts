import type { PoolGauges } from '../../../shared/ipc/contract';
import { formatHourMinute } from './format';

/**
 * The pool's maximum, and why it is below the setting when it is: "3 (learned from the service at
 * 14:02; settings 8)". A cap is learned when the service refuses connections; main's `cap` says when
 * and whether a probe one above it is under way. Without `cap` (an older main), the pool's own
 * configured maximum says so (a pool built before the setting changed is not "learned").
 */
export function describePoolMax(pool: Pick<PoolGauges, 'max' | 'configuredMax' | 'cap'>, settingsMax: number | undefined): { text: string; learned: boolean } {
  const configured = pool.configuredMax ?? settingsMax;
  if (pool.cap) {
    const at = formatHourMinute(pool.cap.atMs);
    const why = pool.cap.reason === 'probe' ? `trying one above the cap learned from the service, since ${at}` : `learned from the service at ${at}`;
    return { text: `${pool.max} (${why}; settings ${configured ?? '?'})`, learned: true };
  }
  const learned = pool.max > 0 && configured !== undefined && pool.max < configured;
  if (learned) return { text: `${pool.max} (learned from the service; settings ${settingsMax ?? configured})`, learned };
  if (pool.max > 0 && settingsMax !== undefined && settingsMax !== pool.max) return { text: `${pool.max} (settings ${settingsMax} from the next run)`, learned };
  return { text: String(pool.max), learned };
}
