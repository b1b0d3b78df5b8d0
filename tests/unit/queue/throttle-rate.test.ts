import { describe, expect, it } from 'vitest';
import { ThrottleRate } from '../../../electron/main/core/queue/throttle-rate';

describe('ThrottleRate', () => {
  it('allows everything until the service first throttles', () => {
    const rate = new ThrottleRate({ now: () => 0 });
    expect(rate.active).toBe(false);
    for (let i = 0; i < 100; i++) expect(rate.tryTake()).toBe(0);
  });

  it('paces just under the rate the service accepted', () => {
    let now = 0;
    const rate = new ThrottleRate({ backoff: 0.9, now: () => now });
    rate.onThrottleWave(20);
    expect(rate.perSecond).toBeCloseTo(18, 5);
    expect(rate.tryTake()).toBe(0); // the one token of burst
    expect(rate.tryTake()).toBeGreaterThan(50); // then ~1/18 s apart
    now += 1000 / 18;
    expect(rate.tryTake()).toBe(0);
  });

  it('grows with time along a cubic: back to the accepted rate, flat there, then faster and faster', () => {
    let now = 0;
    const rate = new ThrottleRate({ backoff: 0.97, cubic: 0.01, now: () => now });
    rate.onThrottleWave(100);
    const at = (seconds: number): number => {
      now = seconds * 1000;
      rate.grow();
      return rate.perSecond!;
    };
    const plateau = Math.cbrt(0.03 / 0.01); // 1.44 s
    expect(at(0)).toBeCloseTo(97, 5);
    expect(at(plateau / 2)).toBeGreaterThan(99); // concave: most of the way back in half the time
    expect(at(plateau)).toBeCloseTo(100, 5);
    expect(at(plateau + 1)).toBeCloseTo(101, 5); // flat around the estimate
    expect(at(plateau + 3)).toBeCloseTo(127, 5); // then probing
    // Never more than the ceiling the caller gives (twice what it really sends).
    now = (plateau + 10) * 1000;
    rate.grow(150);
    expect(rate.perSecond).toBe(150);
  });

  it('follows the latest measurement, so a wave in a slow first second does not pin the cap low', () => {
    const rate = new ThrottleRate({ backoff: 0.9, now: () => 0 });
    rate.onThrottleWave(7);
    rate.onThrottleWave(23);
    expect(rate.perSecond).toBeCloseTo(20.7, 5);
  });
});
