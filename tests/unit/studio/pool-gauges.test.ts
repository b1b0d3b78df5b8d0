import { describe, expect, it } from 'vitest';
import { PoolGaugeTracker, THROUGHPUT_SAMPLES } from '../../../electron/main/core/studio/pool-gauges';

describe('PoolGaugeTracker', () => {
  it('counts every throughput sample it took, beyond the rolling window, so a chart can take one run’s', () => {
    let now = 0;
    const tracker = new PoolGaugeTracker(
      () => 4,
      () => now,
    );
    for (let i = 0; i < THROUGHPUT_SAMPLES + 10; i++) {
      tracker.countRender();
      now += 1000;
      tracker.sample();
    }
    const gauges = tracker.gauges();
    expect(gauges.throughput).toHaveLength(THROUGHPUT_SAMPLES);
    expect(gauges.samplesTaken).toBe(THROUGHPUT_SAMPLES + 10);
    expect(gauges.throughput.at(-1)).toBe(1);
  });

  it('a last sample over a partial window is taken over at least the minimum, not as a spike', () => {
    let now = 0;
    const tracker = new PoolGaugeTracker(
      () => 4,
      () => now,
    );
    for (let i = 0; i < 10; i++) tracker.countRender();
    now += 200;
    tracker.sample(200);
    tracker.countRender(); // one more render, 6 ms later, and the run ends
    now += 6;
    tracker.sample(200);
    expect(tracker.gauges().throughput).toEqual([50, 5]);
    // A window longer than the minimum is taken as it is.
    tracker.countRender();
    now += 400;
    tracker.sample(200);
    expect(tracker.gauges().throughput.at(-1)).toBe(2.5);
  });

  it('says where the latest run’s samples begin', () => {
    const tracker = new PoolGaugeTracker(() => 4);
    tracker.sample();
    tracker.sample();
    expect(tracker.gauges()).toMatchObject({ runSamplesFrom: 0, runsStarted: 0 });
    tracker.startRun();
    tracker.sample();
    expect(tracker.gauges()).toMatchObject({ samplesTaken: 3, runSamplesFrom: 2, runsStarted: 1 });
  });

  it('without a pool, the configured maximum is the setting and nothing was refused', () => {
    const gauges = new PoolGaugeTracker(() => 6).gauges();
    expect(gauges).toMatchObject({ max: 6, configuredMax: 6, refusedConnections: 0, openFailures: 0 });
  });
});
