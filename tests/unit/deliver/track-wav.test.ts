/**
 * A lesson track's WAV written from its pieces (deliver/track-wav.ts) is, byte for byte, the file the
 * joined track makes (converted to 16 bits and encoded whole), and at another delivery rate it is the
 * track's length at that rate, decodes with sox, and has each clip where the plan puts it.
 */
import { describe, expect, it } from 'vitest';
import type { PlacedClips } from '../../../electron/main/core/deliver/layout-loudness';
import { joinedSamples } from '../../../electron/main/core/deliver/track-render';
import { int16Of } from '../../../electron/main/core/deliver/shaped-samples';
import { encodeTrackWav } from '../../../electron/main/core/deliver/track-wav';
import { encodeWav } from '../../../electron/main/core/output/wav';
import { decodeBytesWithSox } from '../../support/audio-decode';
import { padded, speechLike } from '../../support/synthetic-speech';

const RATE = 22_050;

function layout(): PlacedClips {
  const known = padded(speechLike(RATE, 0.9, 0.3, 1), RATE, 0.1, 0.25);
  const target = padded(speechLike(RATE, 1.3, 0.25, 2), RATE, 0.1, 0.25);
  const placed = [
    { key: 'known', at: 0 },
    { key: 'target', at: known.length + RATE },
    { key: 'target', at: known.length + target.length + 3 * RATE },
  ];
  return {
    length: known.length + 2 * target.length + 5 * RATE,
    placed,
    clips: new Map([
      ['known', known],
      ['target', target],
    ]),
  };
}

describe('encodeTrackWav', () => {
  it('writes the same bytes as encoding the joined track', async () => {
    const pieces = layout();
    const { bytes, durationMs } = await encodeTrackWav(pieces, RATE, RATE);
    expect(Buffer.from(bytes).equals(Buffer.from(encodeWav(int16Of(joinedSamples(pieces)), RATE)))).toBe(true);
    expect(durationMs).toBeCloseTo((pieces.length / RATE) * 1000, 6);
  });

  it('resamples each clip to the delivery rate and keeps it in its place', async () => {
    const pieces = layout();
    const { bytes } = await encodeTrackWav(pieces, RATE, 16_000);
    const decoded = await decodeBytesWithSox(bytes, 'wav');
    expect(decoded.sampleRate).toBe(16_000);
    expect(decoded.samplesRead).toBe(Math.round((pieces.length * 16_000) / RATE));
    const samples = new Int16Array(bytes.buffer, 44, decoded.samplesRead);
    // Sound starts where each placement's speech starts (after its 100 ms lead), silence before it.
    for (const { at } of pieces.placed) {
      const speechAt = Math.round(((at + RATE * 0.1) * 16_000) / RATE);
      const before = samples.subarray(speechAt - 800, speechAt - 40);
      const after = samples.subarray(speechAt, speechAt + 1_600);
      expect(Math.max(...before.map(Math.abs))).toBeLessThan(40);
      expect(Math.max(...after.map(Math.abs))).toBeGreaterThan(1_000);
    }
  });
});
