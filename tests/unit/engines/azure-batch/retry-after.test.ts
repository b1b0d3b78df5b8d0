import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../electron/main/core/engines/azure-batch';

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('7')).toBe(7_000);
    expect(retryAfterMs('0')).toBe(0);
  });
  it('reads an HTTP date as the time left until it', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = retryAfterMs(inTenSeconds)!;
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
