import { describe, expect, it } from 'vitest';
import { ThrottleRate } from '../../../electron/main/core/queue/throttle-rate';

describe('ThrottleRate', () => {
  it('allows everything until the service first throttles', () => {
    const rate = new ThrottleRate({ now: () => 0 });
    expect(rate.active).toBe(false);
    for (let i = 0; i < 100; i++) expect(rate.tryTake()).toBe(0);
  });

  it('caps starts just under the rate the service accepted, then grows with each success', () => {
    let now = 0;
    const rate = new ThrottleRate({ backoff: 0.9, growthPerSuccess: 0.02, now: () => now });
    rate.onThrottleWave(20);
    expect(rate.perSecond).toBeCloseTo(18, 5);
    expect(rate.tryTake()).toBe(0); // the one token of burst
    expect(rate.tryTake()).toBeGreaterThan(50); // then ~1/18 s apart
    now += 1000 / 18;
    expect(rate.tryTake()).toBe(0);
    for (let i = 0; i < 10; i++) rate.onSuccess();
    expect(rate.perSecond!).toBeCloseTo(18 * 1.02 ** 10, 5);
  });

  it('follows the latest measurement, so a wave in a slow first second does not pin the cap low', () => {
    const rate = new ThrottleRate({ backoff: 0.9, now: () => 0 });
    rate.onThrottleWave(7);
    rate.onThrottleWave(23);
    expect(rate.perSecond).toBeCloseTo(20.7, 5);
  });
});
