import { describe, expect, it } from 'vitest';
import { ThrottleDiagnosis } from '../../../electron/main/core/queue/throttle-diagnosis';

/** Which limit a throttle hit, from what the client saw, never from the signal's code or text. */
describe('ThrottleDiagnosis', () => {
  it('a refused socket is a connection cap', () => {
    const diagnosis = new ThrottleDiagnosis();
    diagnosis.recordThrottle(3, 1);
    expect(diagnosis.diagnose(true)).toBe('connection-cap');
  });

  it('throttles only above the concurrency at which renders succeed: a concurrency limit, cut to it', () => {
    const diagnosis = new ThrottleDiagnosis();
    for (let t = 0; t < 10; t++) diagnosis.recordSuccess(1 + (t % 4), t); // 1..4 in flight succeed
    diagnosis.recordThrottle(5, 11);
    diagnosis.recordThrottle(6, 11);
    expect(diagnosis.diagnose(false)).toBe('concurrency');
    expect(diagnosis.successfulConcurrency()).toBe(4);
  });

  it('throttles at concurrency levels that also succeed: a request-rate quota', () => {
    const diagnosis = new ThrottleDiagnosis();
    for (let t = 0; t < 10; t++) diagnosis.recordSuccess(2, t);
    diagnosis.recordThrottle(2, 11); // low, steady concurrency: it is the rate
    expect(diagnosis.diagnose(false)).toBe('rate');
  });

  it('a cut after which throttles go on as before is undone, and that share becomes the noise floor', () => {
    const diagnosis = new ThrottleDiagnosis();
    let t = 0;
    const outcome = (throttled: boolean): void => {
      if (throttled) diagnosis.recordThrottle(3, ++t);
      else diagnosis.recordSuccess(3, ++t);
    };
    for (let i = 0; i < 24; i++) outcome(i % 4 === 0); // 25 % throttled
    expect(diagnosis.diagnose(false)).toBe('rate');
    let undone = 0;
    diagnosis.startTrial(t, 'rate', () => undone++);
    for (let i = 0; i < 36; i++) outcome(i % 4 === 1); // within the grace second: not judged
    expect(diagnosis.judging).toBe(true);
    t += 1_000;
    for (let i = 0; i < 35; i++) outcome(i % 4 === 1); // still 25 % after the cut (4 grace + 32 judged)
    expect(undone).toBe(0);
    outcome(false);
    expect(undone).toBe(1);
    expect(diagnosis.noiseFraction).toBeGreaterThan(0.15);
    // From now on, throttles at that share cut nothing.
    outcome(true);
    expect(diagnosis.diagnose(false)).toBe('noise');
  });

  it('a cut after which throttles stop is kept', () => {
    const diagnosis = new ThrottleDiagnosis();
    let t = 0;
    for (let i = 0; i < 24; i++) {
      if (i % 2)
        diagnosis.recordThrottle(3, ++t); // 50 %
      else diagnosis.recordSuccess(3, ++t);
    }
    let undone = 0;
    diagnosis.startTrial(t, 'rate', () => undone++);
    t += 1_000;
    for (let i = 0; i < 36; i++) diagnosis.recordSuccess(3, ++t);
    expect(undone).toBe(0);
    expect(diagnosis.noiseFraction).toBe(0);
    expect(diagnosis.judging).toBe(false);
  });
});
