import { describe, expect, it } from 'vitest';
import { parseProsodyRate, parseSsml, SsmlError } from '../../support/azure-server/ssml-parser';
import { defaultVoices, VoiceCatalog } from '../../support/azure-server/voices';
import { parseXml, XmlSyntaxError } from '../../support/azure-server/xml';
import { ssml } from './sdk-harness';

const voices = new VoiceCatalog(defaultVoices());
const HEAD = '<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">';

function reject(doc: string): SsmlError {
  try {
    parseSsml(doc, voices);
  } catch (error) {
    if (error instanceof SsmlError) return error;
    throw error;
  }
  throw new Error(`accepted: ${doc}`);
}

describe('SSML parser', () => {
  it('returns escaped & < > " \' text unescaped, with voice and rate', () => {
    const parsed = parseSsml(ssml(`Tom & Jerry <say> "hi" it's`, 'es-ES-ElviraNeural', '-30%', 'es-ES'), voices);
    expect(parsed.text).toBe(`Tom & Jerry <say> "hi" it's`);
    expect(parsed.voice).toBe('es-ES-ElviraNeural');
    expect(parsed.rate).toBeCloseTo(0.7);
    expect(parsed.lang).toBe('es-ES');
    expect(parsed.billableChars).toBe([...`Tom & Jerry <say> "hi" it's`].length);
  });

  it('decodes numeric references, CDATA and collapses whitespace', () => {
    const parsed = parseSsml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- lesson 1 -->\n${HEAD}\n  <voice name="en-US-GuyNeural">\n    caf&#233; &#x1F600;\n    <![CDATA[a < b & c]]>\n  </voice>\n</speak>\n`,
      voices,
    );
    expect(parsed.text).toBe('café 😀 a < b & c');
    expect(parsed.voice).toBe('en-US-GuyNeural');
  });

  it('reads rates as percent, multiplier and names, nested relative, clamped to [0.5, 2]', () => {
    expect(parseProsodyRate('-30%')).toBeCloseTo(0.7);
    expect(parseProsodyRate('+25%')).toBeCloseTo(1.25);
    expect(parseProsodyRate('0.7')).toBeCloseTo(0.7);
    expect(parseProsodyRate('x-slow')).toBe(0.5);
    expect(parseProsodyRate('slow')).toBe(0.64);
    expect(parseProsodyRate('medium')).toBe(1);
    expect(parseProsodyRate('fast')).toBe(1.55);
    expect(parseProsodyRate('x-fast')).toBe(2);
    const nested = parseSsml(`${HEAD}<voice name="en-US-JennyNeural"><prosody rate="0.8"><prosody rate="-50%">slow</prosody></prosody> normal</voice></speak>`, voices);
    expect(nested.runs.map((r) => [r.text, r.rate])).toEqual([
      ['slow', 0.5], // 0.8 * 0.5 = 0.4, clamped
      [' normal', 1],
    ]);
    expect(nested.text).toBe('slow normal');
    expect(reject(ssml('x', 'en-US-JennyNeural', 'quick')).closeReason).toMatch(/^Invalid SSML: invalid prosody rate/);
  });

  it('keeps runs per voice and records breaks, sub aliases', () => {
    const parsed = parseSsml(
      `${HEAD}<voice name="en-US-JennyNeural">One<break time="500ms"/>two <sub alias="World Wide Web">WWW</sub></voice><voice name="fr-FR-DeniseNeural">Bonjour<break strength="strong"/></voice></speak>`,
      voices,
    );
    expect(parsed.runs.map((r) => [r.voice, r.text])).toEqual([
      ['en-US-JennyNeural', 'One'],
      ['en-US-JennyNeural', 'two World Wide Web'],
      ['fr-FR-DeniseNeural', 'Bonjour'],
    ]);
    expect(parsed.breaks).toEqual([
      { beforeRun: 1, ms: 500 },
      { beforeRun: 3, ms: 1000 },
    ]);
    expect(parsed.breakMs).toBe(1500);
    expect(parsed.text).toBe('One two World Wide Web Bonjour');
  });

  it('accepts voices by short or full name, case-insensitively', () => {
    expect(parseSsml(ssml('a', 'EN-us-jennyneural'), voices).voice).toBe('en-US-JennyNeural');
    expect(parseSsml(ssml('a', 'Microsoft Server Speech Text to Speech Voice (de-DE, KatjaNeural)'), voices).voice).toBe('de-DE-KatjaNeural');
  });

  it.each([
    ['unescaped ampersand', `${HEAD}<voice name="en-US-JennyNeural">Tom & Jerry</voice></speak>`],
    ['raw less-than', `${HEAD}<voice name="en-US-JennyNeural">a < b</voice></speak>`],
    ['mismatched end tag', `${HEAD}<voice name="en-US-JennyNeural"><prosody rate="0.9">x</voice></prosody></speak>`],
    ['unclosed root', `${HEAD}<voice name="en-US-JennyNeural">x</voice>`],
    ['unquoted attribute', `${HEAD}<voice name=en-US-JennyNeural>x</voice></speak>`],
    ['duplicate attribute', `${HEAD}<voice name="en-US-JennyNeural" name="en-US-GuyNeural">x</voice></speak>`],
    ['undefined entity', `${HEAD}<voice name="en-US-JennyNeural">&nbsp;</voice></speak>`],
    ['unbound prefix', `${HEAD}<voice name="en-US-JennyNeural"><mstts:express-as style="cheerful">x</mstts:express-as></voice></speak>`],
    ['two roots', `${HEAD}<voice name="en-US-JennyNeural">x</voice></speak><speak/>`],
    ['text after root', `${HEAD}<voice name="en-US-JennyNeural">x</voice></speak>trailing`],
    ['DOCTYPE', `<!DOCTYPE speak [<!ENTITY e "x">]>${HEAD}<voice name="en-US-JennyNeural">&e;</voice></speak>`],
    ['double hyphen in comment', `${HEAD}<!-- a -- b --><voice name="en-US-JennyNeural">x</voice></speak>`],
    ['control character', `${HEAD}<voice name="en-US-JennyNeural">a\u0001b</voice></speak>`],
    ['bad character reference', `${HEAD}<voice name="en-US-JennyNeural">&#0;</voice></speak>`],
    [']]> in text', `${HEAD}<voice name="en-US-JennyNeural">a ]]> b</voice></speak>`],
    ['late XML declaration', ` <?xml version="1.0"?>${HEAD}<voice name="en-US-JennyNeural">x</voice></speak>`],
    ['empty document', ''],
  ])('rejects malformed XML: %s', (_name, doc) => {
    const error = reject(doc);
    expect(error.kind).toBe('malformed-xml');
    expect(error.closeReason).toMatch(/^Invalid SSML: line \d+, column \d+: /);
    expect(error.closeReason).not.toMatch(/throttl|too many requests/i);
  });

  it.each([
    ['root is not speak', '<voice name="en-US-JennyNeural">x</voice>', /root element must be <speak>/],
    ['no version', '<speak xml:lang="en-US"><voice name="en-US-JennyNeural">x</voice></speak>', /version/],
    ['no xml:lang', '<speak version="1.0"><voice name="en-US-JennyNeural">x</voice></speak>', /xml:lang/],
    ['no voice', `${HEAD}hello</speak>`, /inside a <voice>/],
    ['empty speak', `${HEAD}</speak>`, /no <voice>/],
    ['voice without name', `${HEAD}<voice>x</voice></speak>`, /name attribute/],
    ['nested voice', `${HEAD}<voice name="en-US-JennyNeural"><voice name="en-US-GuyNeural">x</voice></voice></speak>`, /nested/],
  ])('rejects invalid SSML: %s', (_name, doc, reason) => {
    const error = reject(doc);
    expect(error.kind).toBe('invalid-ssml');
    expect(error.closeReason).toMatch(reason);
  });

  it('rejects an unknown voice with the service wording', () => {
    const error = reject(ssml('x', 'xx-XX-NobodyNeural'));
    expect(error.kind).toBe('unsupported-voice');
    expect(error.closeReason).toBe('Unsupported voice xx-XX-NobodyNeural.');
  });

  it('accepts namespaced Azure elements when the prefix is declared', () => {
    const parsed = parseSsml(
      `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="en-US"><voice name="en-US-AriaNeural"><mstts:express-as style="cheerful">Great!</mstts:express-as></voice></speak>`,
      voices,
    );
    expect(parsed.text).toBe('Great!');
  });
});

describe('XML tokenizer', () => {
  it('reports line and column', () => {
    try {
      parseXml('<a>\n  <b></c>\n</a>');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(XmlSyntaxError);
      expect((error as XmlSyntaxError).line).toBe(2);
      expect((error as XmlSyntaxError).column).toBe(6);
    }
  });

  it('normalises attribute whitespace and resolves namespaces', () => {
    const root = parseXml('<r xmlns="urn:a" xmlns:p="urn:p" p:x="1\t2\n3" y=\'&quot;q&apos;\'><p:c/></r>');
    expect(root.namespace).toBe('urn:a');
    expect(root.attributes.find((a) => a.localName === 'x')).toMatchObject({ namespace: 'urn:p', value: '1 2 3' });
    expect(root.attributes.find((a) => a.localName === 'y')?.value).toBe(`"q'`);
    expect(root.children[0]).toMatchObject({ type: 'element', localName: 'c', namespace: 'urn:p' });
  });
});
