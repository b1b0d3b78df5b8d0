/**
 * The inline delivery markup of phrase texts, parsed into nodes the SSML builder turns into elements.
 * Only these exact forms are markup; anything else (a lone "[", "[pause soon]", "<b>") stays text and
 * is escaped, so user text can never become SSML:
 *   [pause 500ms]  [pause 1s]  [pause 1.5s]   a silence, 1 ms .. 20 s (Azure's <break> maximum)
 *   [em]words[/em]                             emphasis (not nested; may hold pauses)
 * Brackets were chosen over *stars* because stars occur in real course text (footnotes, ratings).
 * Markup the compiler cannot use (an unclosed [em], a stray [/em], a pause out of range) is spoken
 * as text, and `markupProblems` reports it, so validation refuses it with its place.
 */

export type InlineNode = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'pause'; readonly ms: number };
export type MarkupNode = InlineNode | { readonly kind: 'emphasis'; readonly children: readonly InlineNode[] };

export interface MarkupProblem {
  /** Index (UTF-16 units) of the markup in the text. */
  readonly at: number;
  readonly problem: string;
  readonly hint: string;
}

/** Azure caps a <break> at 20 s; longer values are clamped by the service, so we refuse them. */
export const MAX_PAUSE_MS = 20_000;

const TOKEN = /\[pause (\d{1,6}(?:\.\d{1,3})?)(ms|s)\]|\[em\]|\[\/em\]/g;

export interface ParsedMarkup {
  readonly nodes: readonly MarkupNode[];
  readonly problems: readonly MarkupProblem[];
}

export function parseMarkup(text: string): ParsedMarkup {
  const nodes: MarkupNode[] = [];
  const problems: MarkupProblem[] = [];
  /** Inline nodes of the open [em] (and where it started), or undefined outside emphasis. */
  let emphasis: { at: number; children: InlineNode[] } | undefined;
  const target = (): InlineNode[] => emphasis?.children ?? (nodes as InlineNode[]);
  const pushText = (into: InlineNode[], value: string): void => {
    if (!value) return;
    const last = into[into.length - 1];
    if (last?.kind === 'text') into[into.length - 1] = { kind: 'text', text: last.text + value };
    else into.push({ kind: 'text', text: value });
  };

  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    pushText(target(), text.slice(last, match.index));
    last = match.index + match[0].length;
    const token = match[0];
    if (match[1] !== undefined) {
      const ms = Math.round(Number(match[1]) * (match[2] === 's' ? 1000 : 1));
      if (ms < 1 || ms > MAX_PAUSE_MS) {
        problems.push({
          at: match.index,
          problem: `the pause "${token}" at character ${match.index + 1} is out of range`,
          hint: 'Write a pause from 1ms to 20s, e.g. [pause 500ms] or [pause 2s].',
        });
        pushText(target(), token);
      } else target().push({ kind: 'pause', ms });
    } else if (token === '[em]') {
      if (emphasis) {
        problems.push({
          at: match.index,
          problem: `"[em]" at character ${match.index + 1} opens an emphasis inside another`,
          hint: 'Close the first one with [/em]; emphasis does not nest.',
        });
        pushText(target(), token);
      } else emphasis = { at: match.index, children: [] };
    } else if (emphasis) {
      nodes.push({ kind: 'emphasis', children: emphasis.children });
      emphasis = undefined;
    } else {
      problems.push({ at: match.index, problem: `"[/em]" at character ${match.index + 1} closes no emphasis`, hint: 'Add [em] where the emphasis starts, or remove it.' });
      pushText(target(), token);
    }
  }
  if (emphasis) {
    // An unclosed [em] is text: its content goes back to the top level after the literal "[em]".
    const open = emphasis;
    emphasis = undefined;
    problems.push({ at: open.at, problem: `"[em]" at character ${open.at + 1} is never closed`, hint: 'Add [/em] where the emphasis ends.' });
    pushText(nodes as InlineNode[], '[em]');
    for (const child of open.children) {
      if (child.kind === 'text') pushText(nodes as InlineNode[], child.text);
      else nodes.push(child);
    }
  }
  pushText(target(), text.slice(last));
  return { nodes, problems };
}

/** What is said: the text without its markup (pauses say nothing). */
export function spokenText(nodes: readonly MarkupNode[]): string {
  return nodes.map((node) => (node.kind === 'text' ? node.text : node.kind === 'emphasis' ? spokenText(node.children) : '')).join('');
}
