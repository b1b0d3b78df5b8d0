import { describe, expect, it } from 'vitest';
import { EspeakInputTooLongError, MAX_LINE_BYTES, espeakLines, ratePercents } from '../../../../electron/main/core/engines/offline/espeak-lines';

/** eSpeak's own arithmetic for nested `<prosody rate="p%">` from its 175 wpm base (ssml.c: floor(current x p / 100)). */
const espeakWpm = (percents: number[]): number => percents.reduce((wpm, percent) => Math.floor((wpm * percent) / 100), 175);
const bytes = (line: string): number => Buffer.byteLength(line, 'utf8') + 1; // + the newline the worker adds

describe('ratePercents', () => {
  it('reaches every speed from 80 to 450 wpm exactly, with at most two levels', () => {
    for (let wpm = 80; wpm <= 450; wpm++) {
      const percents = ratePercents(wpm);
      expect(percents.length, `${wpm}`).toBeLessThanOrEqual(2);
      expect(espeakWpm(percents), `${wpm} wpm from ${percents.join(', ')}%`).toBe(wpm);
    }
  });

  it('asks for nothing at the base rate, one level where one is enough (70% -> 122 wpm)', () => {
    expect(ratePercents(175)).toEqual([]);
    expect(ratePercents(122)).toEqual([70]);
    expect(ratePercents(123)).toHaveLength(2);
  });
});

describe('espeakLines', () => {
  it('one line for a phrase: voice, pitch and rate around the text, no newline inside', () => {
    const lines = espeakLines('<speak>Hola,\n¿cómo <emphasis>estás</emphasis>?</speak>', 'roa/es', 122, 40);
    expect(lines).toEqual(['<speak><voice name="roa/es"><prosody pitch="40" rate="70%">Hola, ¿cómo <emphasis>estás</emphasis>?</prosody></voice></speak>']);
    expect(espeakLines('<speak>Hi.</speak>', 'gmw/en-US', 175, 50)).toEqual(['<speak><voice name="gmw/en-US"><prosody pitch="50">Hi.</prosody></voice></speak>']);
    const nested = espeakLines('<speak>Hi.</speak>', 'gmw/en-US', 123, 50)[0]!;
    expect(nested).toMatch(/^<speak><voice name="gmw\/en-US"><prosody pitch="50" rate="57%"><prosody rate="\d+%">Hi\.<\/prosody><\/prosody><\/voice><\/speak>$/);
  });

  it('a 5000-character text becomes lines under the limit, cut between sentences, nothing lost', () => {
    const sentence = 'El niño comió una manzana <break time="300ms"/> con <emphasis>mucho gusto</emphasis> en la plaza. ';
    const text = sentence.repeat(Math.ceil(5000 / sentence.length)).trim();
    const lines = espeakLines(`<speak>${text}</speak>`, 'roa/es', 175, 50);
    expect(lines.length).toBeGreaterThan(5);
    const open = '<speak><voice name="roa/es"><prosody pitch="50">';
    const close = '</prosody></voice></speak>';
    for (const line of lines) {
      expect(bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(line.startsWith(open) && line.endsWith(close)).toBe(true);
      const inner = line.slice(open.length, -close.length);
      expect(inner.trim().endsWith('.'), inner.slice(-40)).toBe(true); // cut after a sentence, never inside one
      expect(inner.match(/<emphasis>/g)?.length).toBe(inner.match(/<\/emphasis>/g)?.length);
    }
    expect(lines.map((line) => line.slice(open.length, -close.length)).join('')).toBe(text);
  });

  it('one sentence longer than a line is cut between words outside markup; an element longer than a line is refused', () => {
    const words = Array.from({ length: 400 }, (_, i) => `palabra${i}`).join(' ');
    const lines = espeakLines(`<speak>${words}</speak>`, 'roa/es', 175, 50);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(() => espeakLines(`<speak><emphasis>${words}</emphasis></speak>`, 'roa/es', 175, 50)).toThrow(EspeakInputTooLongError);
  });

  it('a text with no spaces (Chinese) is cut after its full-width sentence ends, else between characters, never inside an entity', () => {
    const open = '<speak><voice name="sit/cmn"><prosody pitch="50">';
    const close = '</prosody></voice></speak>';
    const chinese = '我们今天去公园散步，天气很好。'.repeat(60); // 900 characters, 2700 bytes, no space
    const cut = espeakLines(`<speak>${chinese}</speak>`, 'sit/cmn', 175, 50).map((line) => line.slice(open.length, -close.length));
    expect(cut.length).toBeGreaterThan(2);
    for (const piece of cut) expect(piece.endsWith('。') || piece === cut.at(-1)).toBe(true);
    expect(cut.join('')).toBe(chinese);

    const noBreaks = 'a&amp;b😀'.repeat(300); // no space, no sentence end: cut between characters
    const openEs = '<speak><voice name="roa/es"><prosody pitch="50">';
    const pieces = espeakLines(`<speak>${noBreaks}</speak>`, 'roa/es', 175, 50).map((line) => line.slice(openEs.length, -close.length));
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(noBreaks);
    for (const piece of pieces) {
      expect(piece).not.toMatch(/&[a-z]*$|^[a-z]*;/); // no entity split
      expect(piece).not.toMatch(/[\uD800-\uDBFF]$/); // no surrogate pair split
    }
  });
});
