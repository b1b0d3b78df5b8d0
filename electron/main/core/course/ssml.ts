/**
 * Builds the SSML for one render. Every render goes through here, so text is always escaped and
 * rate always travels as <prosody>, whichever engine receives it. The delivery markup of the text
 * (markup.ts) and the course's pronunciations (pronunciation.ts) are the only elements user text
 * can produce; a plain text gives byte for byte the SSML it always did, so old caches still match.
 */
import type { Pronunciation } from '../../../../shared/model/course';
import { parseMarkup, type InlineNode, type MarkupNode } from './markup';
import { applyPronunciations } from './pronunciation';
import { escapeXml } from './xml-escape';

export { escapeXml } from './xml-escape';

/** 0.7 -> "-30%", 1.25 -> "+25%": the relative form Azure and eSpeak both read. */
export function rateToProsody(rate: number): string {
  const percent = Math.round((rate - 1) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

export interface SsmlInput {
  readonly text: string;
  readonly voice: string;
  readonly rate: number;
  readonly locale: string;
  /** Entries for this render's locale, longest first (`pronunciationsFor`). */
  readonly pronunciations?: readonly Pronunciation[];
  /** Azure speaking style (<mstts:express-as>), and its intensity 0.01..2. */
  readonly style?: string | undefined;
  readonly styleDegree?: number | undefined;
  /** Relative pitch for <prosody pitch>, e.g. "+5%". */
  readonly pitch?: string | undefined;
  /** Exact silence before / after the speech, in ms (<mstts:silence>). */
  readonly leadingSilenceMs?: number | undefined;
  readonly trailingSilenceMs?: number | undefined;
}

/** The body of <prosody>: the text's markup compiled, pronunciations applied, everything else escaped. */
export function compileText(text: string, pronunciations: readonly Pronunciation[] = []): string {
  const inline = (node: InlineNode): string => (node.kind === 'pause' ? `<break time="${node.ms}ms"/>` : applyPronunciations(node.text, pronunciations));
  const render = (node: MarkupNode): string => (node.kind === 'emphasis' ? `<emphasis>${node.children.map(inline).join('')}</emphasis>` : inline(node));
  return parseMarkup(text).nodes.map(render).join('');
}

export function buildSsml({ text, voice, rate, locale, pronunciations, style, styleDegree, pitch, leadingSilenceMs, trailingSilenceMs }: SsmlInput): string {
  const silence =
    (leadingSilenceMs !== undefined ? `<mstts:silence type="Leading-exact" value="${leadingSilenceMs}ms"/>` : '') +
    (trailingSilenceMs !== undefined ? `<mstts:silence type="Tailing-exact" value="${trailingSilenceMs}ms"/>` : '');
  const expressAs = style ? `<mstts:express-as style="${escapeXml(style)}"${styleDegree !== undefined ? ` styledegree="${styleDegree}"` : ''}>` : '';
  const pitchAttribute = pitch ? ` pitch="${escapeXml(pitch)}"` : '';
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="${escapeXml(locale)}">` +
    `<voice name="${escapeXml(voice)}">${silence}${expressAs}<prosody rate="${rateToProsody(rate)}"${pitchAttribute}>${compileText(text, pronunciations)}</prosody>` +
    `${expressAs ? '</mstts:express-as>' : ''}</voice></speak>`
  );
}
