import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/**
 * Maps JSON paths and character offsets back to 1-based line/column, so messages point at the text.
 * Everything is built on first use: a valid course (the common case, up to 100,000 phrases) never
 * pays for a syntax tree. Callers must have checked the nesting depth first (parseTree recurses).
 */
export class JsonLocator {
  private lineStarts: number[] | undefined;
  private tree: Node | undefined | null = null;

  constructor(private readonly text: string) {}

  positionOf(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }

  /** The position of the value at `path`, or of its nearest existing ancestor (for missing keys). */
  positionOfPath(path: ReadonlyArray<string | number>): { line: number; column: number } | undefined {
    const node = this.nodeAt(path);
    if (!node) return undefined;
    // Point at the property key when there is one: that is the line the producer looks for.
    const anchor = node.parent?.type === 'property' ? node.parent : node;
    return this.positionOf(anchor.offset);
  }

  /** The position of the value itself (not its key): where a voice name or a rate is written. */
  positionOfValue(path: ReadonlyArray<string | number>): { line: number; column: number } | undefined {
    const node = this.nodeAt(path);
    return node ? this.positionOf(node.offset) : undefined;
  }

  /**
   * The position of character `charIndex` (UTF-16 units, as JavaScript counts) inside the string
   * value at `path`, walking the JSON escapes, so a bad character deep in a long text is pointed at.
   */
  positionInString(path: ReadonlyArray<string | number>, charIndex: number): { line: number; column: number } | undefined {
    const node = this.nodeAt(path);
    if (!node || node.type !== 'string') return node ? this.positionOf(node.offset) : undefined;
    let offset = node.offset + 1;
    for (let units = 0; units < charIndex && offset < node.offset + node.length - 1; units++) {
      offset += this.text[offset] !== '\\' ? 1 : this.text[offset + 1] === 'u' ? 6 : 2;
    }
    return this.positionOf(offset);
  }

  /**
   * The source line around `offset` and a caret under it, on two lines, cut to `width` characters
   * so a minified one-line file still gives a readable excerpt.
   */
  excerptAt(offset: number, width = 72): string {
    const { line, column } = this.positionOf(offset);
    const start = this.starts()[line - 1] ?? 0;
    const end = this.text.indexOf('\n', start);
    const full = this.text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
    const from = Math.max(0, Math.min(column - 1 - Math.floor(width / 2), full.length - width));
    const shown = full.slice(from, from + width).replace(/[\u0000-\u001f\u007f]/g, ' ');
    const lead = from > 0 ? '...' : '';
    const tail = from + width < full.length ? '...' : '';
    return `${lead}${shown}${tail}\n${' '.repeat(lead.length + column - 1 - from)}^`;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    return this.lineStarts;
  }

  private nodeAt(path: ReadonlyArray<string | number>): Node | undefined {
    if (this.tree === null) this.tree = parseTree(this.text);
    if (!this.tree) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, depth) as Array<string | number>);
      if (node) return node;
    }
    return undefined;
  }
}
