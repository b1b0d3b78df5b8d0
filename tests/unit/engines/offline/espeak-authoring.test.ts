import { describe, expect, it } from 'vitest';
import { buildSsml } from '../../../../electron/main/core/course/ssml';
import { toEspeakSsml } from '../../../../electron/main/core/engines/offline/espeak-ssml';

const spanish = (text: string, extra: Parameters<typeof buildSsml>[0] extends infer T ? Partial<T> : never = {}): string =>
  toEspeakSsml(buildSsml({ text, voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES', ...extra }));

describe('authoring markup for eSpeak', () => {
  it("says a pronunciation alias itself (eSpeak's own <sub> mangles the words around it), escaped", () => {
    expect(spanish('Vive en QQ.', { pronunciations: [{ text: 'QQ', alias: 'Qui<to & [[x' }] })).toBe('<speak>Vive en Qui&lt;to &amp; [ [x.</speak>');
  });

  it('says the word as written for an IPA phoneme (eSpeak cannot read IPA), keeps breaks, emphasis and pitch, drops the style', () => {
    expect(spanish('Hola [pause 500ms] [em]Ana[/em]', { pronunciations: [{ text: 'Ana', phoneme: 'ˈana' }], style: 'cheerful', pitch: '+5%' })).toBe(
      '<speak><prosody pitch="+5%">Hola <break time="500ms"/> <emphasis>Ana</emphasis></prosody></speak>',
    );
  });
});
