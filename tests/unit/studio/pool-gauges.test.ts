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

  it('without a pool, the configured maximum is the setting and nothing was refused', () => {
    const gauges = new PoolGaugeTracker(() => 6).gauges();
    expect(gauges).toMatchObject({ max: 6, configuredMax: 6, refusedConnections: 0, openFailures: 0 });
  });
});
