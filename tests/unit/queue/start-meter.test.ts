import { describe, expect, it } from 'vitest';
import { StartMeter } from '../../../electron/main/core/queue/start-meter';

describe('StartMeter', () => {
  it('the accepted rate counts starts minus refusals over the last 2 s, from dispatch times', () => {
    const meter = new StartMeter();
    for (let t = 0; t < 4_000; t += 40) meter.recordStart(t); // 25 a second
    for (let t = 2_000; t < 4_000; t += 200) meter.recordRefused(t); // 5 a second refused
    expect(meter.sentPerSecond(3_999, 0)).toBeCloseTo(25, 0);
    expect(meter.acceptedPerSecond(3_999, 0)).toBeCloseTo(20, 0);
  });

  it("a run's first instants are read over 300 ms at least, not as hundreds a second", () => {
    const meter = new StartMeter();
    for (let i = 0; i < 8; i++) meter.recordStart(0); // the first burst, all at the run's start
    expect(meter.acceptedPerSecond(60, 0)).toBeCloseTo(8 / 0.3, 5);
    // Starts before the run's (re)start do not count.
    expect(meter.acceptedPerSecond(1_060, 1_000)).toBe(0);
  });

  it('refusals that come back late are still counted in their window', () => {
    const meter = new StartMeter();
    for (let t = 0; t < 2_000; t += 100) meter.recordStart(t);
    meter.recordRefused(1_900);
    meter.recordRefused(1_000); // a lost socket reported after the newer one
    expect(meter.acceptedPerSecond(1_999, 0)).toBeCloseTo(18 / 2, 1);
  });
});
