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

  // The accepted rate is read over seconds spent pacing under the quota; the rate that was throttled
  // was over it. Flattening at the accepted rate kept a steady quota paced about 6 % under it.
  it('after a throttle at a rate in force, flattens between the accepted rate and that rate (at most 3 % over accepted)', () => {
    let now = 0;
    const rate = new ThrottleRate({ backoff: 0.97, cubic: 0.02, now: () => now });
    rate.onThrottleWave(24); // the first cut: nothing in force yet, flat at 24
    const flatAt = (): number => {
      now += 1_500; // past the way back (K = 1.1-1.4 s here), still on the flat part
      rate.grow();
      return rate.perSecond!;
    };
    expect(flatAt()).toBeCloseTo(24, 0);
    // Throttled again at 24.3 in force, 24 accepted: flat at 24.3 (between the two).
    rate.restore(24.3 / 1000);
    rate.onThrottleWave(24);
    expect(rate.perSecond).toBeCloseTo(23.28, 5); // 0.97 x accepted
    expect(flatAt()).toBeGreaterThan(24.2);
    // Throttled at 30 in force (far over what was accepted): flat at 3 % over accepted, no more.
    rate.restore(30 / 1000);
    rate.onThrottleWave(24);
    const flat = flatAt();
    expect(flat).toBeGreaterThan(24.6);
    expect(flat).toBeLessThan(24.9);
  });

  it('follows the latest measurement, so a wave in a slow first second does not pin the cap low', () => {
    const rate = new ThrottleRate({ backoff: 0.9, now: () => 0 });
    rate.onThrottleWave(7);
    rate.onThrottleWave(23);
    expect(rate.perSecond).toBeCloseTo(20.7, 5);
  });
});
