import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

/** Maps JSON paths and character offsets back to 1-based line/column, so messages point at the text. */
export class JsonLocator {
  private readonly lineStarts: number[] = [0];
  private readonly tree: Node | undefined;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.tree = parseTree(text);
  }

  positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }

  /** The position of the value at `path`, or of its nearest existing ancestor (for missing keys). */
  positionOfPath(path: ReadonlyArray<string | number>): { line: number; column: number } | undefined {
    if (!this.tree) return undefined;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, depth) as Array<string | number>);
      if (node) {
        // Point at the property key when there is one: that is the line the producer looks for.
        const anchor = node.parent?.type === 'property' ? node.parent : node;
        return this.positionOf(anchor.offset);
      }
    }
    return undefined;
  }
}

/** Node's JSON.parse messages carry "position N" (Node 20) or "line L column C" (Node 22+). */
export function syntaxErrorOffset(message: string, text: string): number | undefined {
  const byPosition = /position (\d+)/.exec(message);
  if (byPosition) return Number(byPosition[1]);
  const byLine = /line (\d+) column (\d+)/.exec(message);
  if (byLine) {
    const lines = text.split('\n');
    const line = Number(byLine[1]);
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
    return offset + Number(byLine[2]) - 1;
  }
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  return undefined;
}
