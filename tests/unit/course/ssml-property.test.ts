/**
 * Property: any phrase text, with or without the inline markup and pronunciations, compiles to SSML
 * that the local Azure server's strict parser (an independent XML + SSML reader) accepts; its text
 * content is the text minus the markup; and markup never escapes its element: the only elements are
 * the ones the markup asked for, with only their own attributes.
 * The expected values come from the generated structure, never from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pronunciationsFor } from '../../../electron/main/core/course/pronunciation';
import { buildSsml } from '../../../electron/main/core/course/ssml';
import { forbiddenCharacter } from '../../../electron/main/core/course/text-rules';
import type { Pronunciation } from '../../../shared/model/course';
import { parseSsml } from '../../support/azure-server/ssml-parser';
import { defaultVoices, VoiceCatalog } from '../../support/azure-server/voices';
import { parseXml, type XmlElement } from '../../support/azure-server/xml';

const voices = new VoiceCatalog(defaultVoices());
const VOICE = 'es-ES-ElviraNeural';
/** What a producer could write that looks like markup or XML, mixed into random text. */
const TRICKY = [
  '[',
  ']',
  '[[',
  ']]',
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '&amp;',
  '&#x41;',
  '<break time="9s"/>',
  '</prosody>',
  '[pause',
  '[pause 5',
  'ms]',
  '[em',
  'em]',
  '[/em',
  '[pause 1 s]',
  '[PAUSE 1s]',
  ' ',
  '\n',
  '\t',
  'Ana',
  'ana',
  'Sr.',
  'x<y',
  '東京',
  'é',
  '\u0301',
  '😀',
];
/** Markup a plain segment must not contain by accident (written out here, independently of markup.ts). */
const LOOKS_LIKE_MARKUP = /\[pause \d+(\.\d+)?m?s\]|\[\/?em\]/;

const legal = (text: string): boolean => forbiddenCharacter(text, true) === undefined;
const plain = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...TRICKY)), { maxLength: 6 })
  .map((parts) => parts.join(''))
  .filter(legal);

const said = plain.filter((s) => s.length > 0 && forbiddenCharacter(s, false) === undefined);

type Segment = { kind: 'text'; text: string } | { kind: 'pause'; source: string; ms: number } | { kind: 'em'; inner: string };
const pause = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((ms): Segment => ({ kind: 'pause', source: `[pause ${ms}ms]`, ms })),
  fc.integer({ min: 1, max: 20 }).map((s): Segment => ({ kind: 'pause', source: `[pause ${s}s]`, ms: s * 1000 })),
);
const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 3, arbitrary: plain.map((text): Segment => ({ kind: 'text', text })) },
  { weight: 1, arbitrary: pause },
  { weight: 1, arbitrary: plain.map((inner): Segment => ({ kind: 'em', inner })) },
);
const entry: fc.Arbitrary<Pronunciation> = fc
  .record({
    text: fc.constantFrom('Ana', 'Sr.', 'x<y', '東京', 'é'),
    ignoreCase: fc.boolean(),
    // Validation refuses line breaks and tabs in these (forbiddenCharacter without line breaks).
    say: fc.oneof(
      said.map((alias) => ({ alias })),
      said.map((phoneme) => ({ phoneme, alphabet: 'ipa' as const })),
    ),
  })
  .map(({ text, ignoreCase, say }) => ({ text, ignoreCase, ...say }));
const delivery = fc.record({
  style: fc.option(fc.constantFrom('cheerful', 'sad'), { nil: undefined }),
  pitch: fc.option(fc.constantFrom('+5%', '-10%', '+2st'), { nil: undefined }),
});

function source(segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : s.kind === 'pause' ? s.source : `[em]${s.inner}[/em]`)).join('');
}
/** XML normalizes line ends (XML 1.0 section 2.11), so the parsed text has \n where the text had \r\n or \r. */
const xmlText = (text: string): string => text.replace(/\r\n?/g, '\n');

function textContent(el: XmlElement): string {
  return el.children.map((child) => (child.type === 'text' ? child.value : textContent(child))).join('');
}
function descendants(el: XmlElement): XmlElement[] {
  return el.children.flatMap((child) => (child.type === 'element' ? [child, ...descendants(child)] : []));
}
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  'mstts:express-as': ['style', 'styledegree'],
  prosody: ['rate', 'pitch'],
  break: ['time'],
  emphasis: [],
  phoneme: ['alphabet', 'ph'],
  sub: ['alias'],
};

function compile(text: string, table: readonly Pronunciation[], options: { style?: string | undefined; pitch?: string | undefined } = {}): { ssml: string; voice: XmlElement } {
  const ssml = buildSsml({ text, voice: VOICE, rate: 0.7, locale: 'es-ES', pronunciations: pronunciationsFor(table, 'es-ES'), ...options });
  parseSsml(ssml, voices); // throws on anything the service would refuse
  const voice = parseXml(ssml).children.find((child): child is XmlElement => child.type === 'element');
  if (!voice || voice.localName !== 'voice') throw new Error(`no <voice> in ${ssml}`);
  return { ssml, voice };
}

function expectOnlyMarkupElements(voice: XmlElement, table: readonly Pronunciation[]): void {
  for (const el of descendants(voice)) {
    const allowed = ALLOWED_ATTRIBUTES[el.name];
    expect(allowed, `unexpected element <${el.name}>`).toBeDefined();
    for (const attribute of el.attributes) expect(allowed).toContain(attribute.name);
    if (el.name === 'sub' || el.name === 'phoneme') {
      expect(el.children.every((child) => child.type === 'text')).toBe(true);
      const said = el.attributes.find((a) => a.name === 'alias' || a.name === 'ph')?.value;
      expect(table.some((e) => e.alias === said || e.phoneme === said)).toBe(true);
    }
  }
}

describe('SSML compilation (property-based, fast-check)', () => {
  it('any text with markup: accepted by the strict parser, text round-trips, one element per markup', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.array(entry, { maxLength: 3 }), delivery, (segments, table, options) => {
        // A plain segment must not spell markup itself, alone or joined to its neighbour.
        const text = source(segments);
        const markupCount = segments.filter((s) => s.kind !== 'text').length;
        fc.pre((text.match(new RegExp(LOOKS_LIKE_MARKUP, 'g')) ?? []).length === markupCount * 1 + segments.filter((s) => s.kind === 'em').length);
        const { voice } = compile(text, table, options);

        const expected = segments.map((s) => (s.kind === 'text' ? s.text : s.kind === 'em' ? s.inner : '')).join('');
        expect(textContent(voice)).toBe(xmlText(expected));

        const elements = descendants(voice);
        const breaks = elements.filter((el) => el.name === 'break').map((el) => el.attributes[0]?.value);
        expect(breaks).toEqual(segments.flatMap((s) => (s.kind === 'pause' ? [`${s.ms}ms`] : [])));
        const emphases = elements.filter((el) => el.name === 'emphasis').map(textContent);
        expect(emphases).toEqual(segments.flatMap((s) => (s.kind === 'em' ? [xmlText(s.inner)] : [])));
        expect(elements.filter((el) => el.name === 'mstts:express-as').length).toBe(options.style ? 1 : 0);
        expectOnlyMarkupElements(voice, table);
      }),
      { numRuns: 400 },
    );
  });

  it('any text at all (markup-like or not): accepted by the strict parser, no element beyond the markup set', () => {
    const anyText = fc
      .array(fc.oneof(plain, fc.constantFrom('[pause 500ms]', '[pause 2s]', '[em]', '[/em]', '[pause 0ms]', '[pause 99s]')), { maxLength: 10 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(anyText, fc.array(entry, { maxLength: 3 }), (text, table) => {
        const { voice } = compile(text, table);
        expectOnlyMarkupElements(voice, table);
        // Nothing but the pauses' silence is lost: every character outside markup is still there.
        expect(textContent(voice).length).toBeGreaterThanOrEqual(xmlText(text.replace(/\[pause \d+(\.\d+)?m?s\]|\[\/?em\]/g, '')).length);
      }),
      { numRuns: 400 },
    );
  });
});
