import { describe, expect, it } from 'vitest';
import { BATCH_THROUGHPUT_MODEL, estimateBatch } from '../../../electron/main/core/studio/batch-estimate';

const inputs = (n: number, content = '<speak>hola</speak>'): Array<{ content: string }> => Array.from({ length: n }, () => ({ content }));
const LIMITS = { maxInputs: 1_000, maxPayloadBytes: 2 * 1024 * 1024 };

describe('estimateBatch (the batch-throughput model)', () => {
  it('is offered from the threshold up, not below it', () => {
    expect(estimateBatch(inputs(1_999), 0, 16, 2_000, LIMITS).offered).toBe(false);
    expect(estimateBatch(inputs(2_000), 0, 16, 2_000, LIMITS).offered).toBe(true);
    expect(estimateBatch(inputs(10), 0, 16, 5, LIMITS).offered).toBe(true); // the Settings threshold, not a constant
  });

  it('splits exactly as a batch run would: by inputs, and by payload', () => {
    expect(estimateBatch(inputs(2_500), 0, 16, 2_000, LIMITS).jobs).toBe(3);
    // 1,000 inputs of ~3 KB would be 3 MB: the 2 MB payload limit makes more jobs.
    expect(estimateBatch(inputs(1_000, 'x'.repeat(3_000)), 0, 16, 2_000, LIMITS).jobs).toBe(2);
  });

  it('costs the same per character as interactive synthesis', () => {
    expect(estimateBatch(inputs(3), 1_000_000, 16, 2_000, LIMITS).costUsd).toBe(16);
    expect(estimateBatch(inputs(3), 250_000, 15, 2_000, LIMITS).costUsd).toBe(3.75);
  });

  it('times one job per wave of 300 running jobs: start latency plus the largest job at the fleet pace, as a range', () => {
    const { startMs, inputsPerSecond, pollMaxMs } = BATCH_THROUGHPUT_MODEL;
    const one = estimateBatch(inputs(1_000), 0, 16, 2_000, LIMITS);
    expect(one.lowMs).toBe(startMs.low + (1_000 / inputsPerSecond.high) * 1000);
    expect(one.estimatedMs).toBe(startMs.likely + (1_000 / inputsPerSecond.likely) * 1000 + pollMaxMs / 2);
    expect(one.highMs).toBe(startMs.high + (1_000 / inputsPerSecond.low) * 1000 + pollMaxMs);
    expect(one.lowMs).toBeLessThan(one.estimatedMs);
    expect(one.estimatedMs).toBeLessThan(one.highMs);
    // 30 jobs run side by side: no slower than one; 301 jobs need a second wave.
    expect(estimateBatch(inputs(30_000), 0, 16, 2_000, LIMITS).estimatedMs).toBe(one.estimatedMs);
    const twoWaves = estimateBatch(inputs(301_000), 0, 16, 2_000, LIMITS);
    expect(twoWaves.jobs).toBe(301);
    expect(twoWaves.lowMs).toBe(2 * one.lowMs);
  });

  it('nothing left: nothing to wait for', () => {
    expect(estimateBatch([], 0, 16, 2_000, LIMITS)).toMatchObject({ offered: false, jobs: 0, lowMs: 0, estimatedMs: 0, highMs: 0, costUsd: 0 });
  });
});
