import { describe, expect, it } from 'vitest';
import { buildSsml } from '../../../../electron/main/core/course/ssml';
import { espeakRateWpm, toEspeakSsml } from '../../../../electron/main/core/engines/offline/espeak-ssml';

describe('espeakRateWpm', () => {
  it('is clamp(round(175 x rate), 80, 450)', () => {
    expect(espeakRateWpm(1)).toBe(175);
    expect(espeakRateWpm(0.7)).toBe(122); // 175 * 0.7 is 122.49999999999999 in floating point
    expect(espeakRateWpm(1.25)).toBe(219);
    expect(espeakRateWpm(0.3)).toBe(80);
    expect(espeakRateWpm(4)).toBe(450);
  });
});

describe('toEspeakSsml', () => {
  it('reduces the course SSML to <speak> + escaped text: no voice, no xml:lang, no rate', () => {
    const ssml = buildSsml({ text: `Tom & "Jerry" <3 'x'`, voice: 'es-ES-ElviraNeural', rate: 0.7, locale: 'es-ES' });
    expect(toEspeakSsml(ssml)).toBe('<speak>Tom &amp; &quot;Jerry&quot; &lt;3 &apos;x&apos;</speak>');
  });

  it('keeps other prosody attributes, and keeps start and end tags balanced', () => {
    const input = '<speak><prosody rate="-30%" pitch="+10%">a<prosody rate="slow">b</prosody>c</prosody><prosody volume=\'loud\'>d</prosody></speak>';
    expect(toEspeakSsml(input)).toBe('<speak><prosody pitch="+10%">abc</prosody><prosody volume=\'loud\'>d</prosody></speak>');
  });

  it('strips <mstts:*>, <lang>, <bookmark> and comments but keeps their text and other SSML', () => {
    const input =
      '<?xml version="1.0"?><speak version="1.0" xml:lang="en-US"><voice name="en-US-JennyNeural"><mstts:express-as style="cheerful">Hi<!-- note --></mstts:express-as>' +
      '<break time="500ms"/><lang xml:lang="fr-FR">bonjour</lang><mstts:silence type="Sentenceboundary" value="200ms"/><bookmark mark="m1"/><say-as interpret-as="cardinal">12</say-as></voice></speak>';
    expect(toEspeakSsml(input)).toBe('<speak>Hi<break time="500ms"/>bonjour<say-as interpret-as="cardinal">12</say-as></speak>');
  });

  it('neutralises [[ ]] phoneme input and escapes stray markup characters in text', () => {
    expect(toEspeakSsml("<speak>a [[h@'loU]] b [[[[</speak>")).toBe("<speak>a [ [h@'loU]] b [ [ [ [</speak>");
    expect(toEspeakSsml('<speak>x < y && z > w &lt; &#233; &#xE9;</speak>')).toBe('<speak>x &lt; y &amp;&amp; z &gt; w &lt; &#233; &#xE9;</speak>');
  });

  it('wraps a fragment without <speak>', () => {
    expect(toEspeakSsml('hola &amp; adiós')).toBe('<speak>hola &amp; adiós</speak>');
  });
});
