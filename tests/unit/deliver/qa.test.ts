import { describe, expect, it } from 'vitest';
import { predictedSpeechMs, qaFlags } from '../../../electron/main/core/deliver/qa';

const loud = -20;

describe('qaFlags: speech far from what its text predicts', () => {
  it('Chinese at the pace voices speak it is neither runaway nor truncated (a character is a syllable)', () => {
    const chinese = '我们今天去公园散步，天气很好。'.repeat(10); // 130 characters
    const characters = 130;
    // eSpeak's Mandarin (~320 ms a character, measured), Azure's (~220 ms), and both at 0.5x and 2x.
    for (const [msPerChar, rate] of [
      [320, 1],
      [220, 1],
      [650, 0.5],
      [140, 2],
    ] as const) {
      expect(qaFlags({ text: chinese, rate, speechMs: msPerChar * characters, sourceLufs: loud }), `${msPerChar} ms a character at ${rate}x`).toEqual([]);
    }
    // Gross faults still show: ten times too long, a tenth as long.
    expect(qaFlags({ text: chinese, rate: 1, speechMs: 3_200 * characters, sourceLufs: loud })).toEqual(['runaway']);
    expect(qaFlags({ text: chinese, rate: 1, speechMs: 25 * characters, sourceLufs: loud })).toEqual(['truncated']);
  });

  it('Korean blocks and Japanese kana count as syllables too; letters stay letters', () => {
    expect(predictedSpeechMs('안녕하세요', 1)).toBe(predictedSpeechMs('我们今天去', 1));
    expect(predictedSpeechMs('こんにちは', 1)).toBe(predictedSpeechMs('我们今天去', 1));
    expect(predictedSpeechMs('hello', 1) * 4).toBe(predictedSpeechMs('我们今天去', 1));
    expect(predictedSpeechMs('Hola, ¿qué tal?', 1)).toBe(predictedSpeechMs('Hola qué tal', 1));
  });
});
