import { describe, expect, it } from 'vitest';
import { formatClock, formatRate, formatSeconds, formatSpanRange } from '../../../renderer/src/lib/format';

describe('renderer formatters', () => {
  it('shows a rate with the decimals it has: 0.75x is not 0.8x', () => {
    expect(formatRate(0.75)).toBe('0.75×');
    expect(formatRate(0.7)).toBe('0.7×');
    expect(formatRate(1)).toBe('1.0×');
    expect(formatRate(1.25)).toBe('1.25×');
    expect(formatRate(0.8)).toBe('0.8×');
  });

  it('rounds a duration the same way in the cell and in the player clock', () => {
    expect(formatSeconds(1560)).toBe('1.6 s');
    expect(formatClock(1560)).toBe('0:01.6');
    for (let ms = 0; ms < 60_000; ms += 37) {
      const cell = formatSeconds(ms).replace(' s', '');
      const [minutes, seconds] = formatClock(ms).split(':');
      expect(Math.round((Number(minutes) * 60 + Number(seconds)) * 10), `${ms} ms`).toBe(Math.round(Number(cell) * 10));
    }
  });

  it('keeps the clock for long files', () => {
    expect(formatClock(59_960)).toBe('1:00.0');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });

  it('words an uncertain span as a range', () => {
    expect(formatSpanRange(60_000, 120_000)).toBe('about 1–2 min');
    expect(formatSpanRange(20_000, 40_000)).toBe('about 20–40 s');
    expect(formatSpanRange(40_000, 150_000)).toBe('about 40 s – 3 min');
    expect(formatSpanRange(100, 400)).toBe('< 1 s');
  });
});
