import { describe, expect, it } from 'vitest';
import { RateModel } from '../../../electron/main/core/studio/rate-model';

/** A model on a hand-driven clock. */
function model(): { rates: RateModel; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { rates: new RateModel(() => now), advance: (ms) => (now += ms) };
}

describe('RateModel: time estimates per engine', () => {
  it('before any render of an engine: the prior, as an honest range', () => {
    const { rates } = model();
    const eta = rates.estimate('offline', 6_000, 2);
    expect(eta.basis).toBe('assumed');
    expect(eta.lowMs!).toBeLessThan(eta.ms!);
    expect(eta.highMs!).toBeGreaterThan(eta.ms!);
    expect(eta.highMs! / eta.lowMs!).toBeGreaterThanOrEqual(4);
  });

  it('right after a 2-render run, 60 renders are estimated from those renders (not a global default)', () => {
    const { rates, advance } = model();
    // Two renders of 25 ms each, one per worker (two slots): 80 renders/s at two slots.
    rates.observe('offline', 25, 2, 2);
    advance(25);
    rates.observe('offline', 25, 1, 2);
    const eta = rates.estimate('offline', 60, 2);
    expect(eta.basis).toBe('measured');
    expect(eta.ms).toBeGreaterThan(500);
    expect(eta.ms).toBeLessThan(1_500); // 60 at 80/s: 0.75 s, not "~8 min"
    expect(eta.lowMs).toBe(eta.ms);
  });

  it('converges on the current pace and keeps engines apart', () => {
    const { rates } = model();
    for (let i = 0; i < 200; i++) rates.observe('azure', 1_000, 4, 4); // 1 per second per connection
    expect(rates.rate('azure', 4)).toBeCloseTo(4, 5);
    for (let i = 0; i < 200; i++) rates.observe('azure', 2_000, 4, 4); // the service slowed down to half
    expect(rates.rate('azure', 4)).toBeGreaterThan(1.9);
    expect(rates.rate('azure', 4)).toBeLessThan(2.2);
    // The offline engine is still unmeasured.
    expect(rates.estimate('offline', 10, 2).basis).toBe('assumed');
  });

  it("renders waiting for a slot do not inflate the rate (Little's law over the busy slots)", () => {
    const { rates } = model();
    // Eight in flight, two slots: each render waited for a slot, 100 ms in all: 80/s through two slots.
    for (let i = 0; i < 50; i++) rates.observe('offline', 100, 8, 2);
    expect(rates.rate('offline', 2)).toBeCloseTo(80, 5);
  });

  it('a run where nothing finishes for a while says "stalled", not a countdown', () => {
    const { rates, advance } = model();
    for (let i = 0; i < 10; i++) rates.observe('azure', 500, 2, 2);
    rates.runStarted();
    advance(3_000);
    expect(rates.estimate('azure', 100, 2, true).stalled).toBe(false);
    advance(30_000);
    const stalled = rates.estimate('azure', 100, 2, true);
    expect(stalled).toMatchObject({ stalled: true, ms: null });
    // Not running (paused, or a plain estimate): no stall.
    expect(rates.estimate('azure', 100, 2, false).stalled).toBe(false);
    rates.observe('azure', 500, 2, 2);
    expect(rates.estimate('azure', 100, 2, true).stalled).toBe(false);
  });
});
