/**
 * Undo/redo for the phrase editor, as whole course texts: undoing restores the file's text exactly as
 * it was (formatting included), with no inverse edit to get wrong. Lives in main with the text (the
 * page never holds the file). Bounded by entries and by characters, the oldest dropped first, so a
 * 10 MB course edited all day stays within memory.
 */
export interface HistoryEntry {
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

export class EditHistory {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(
    private readonly maxEntries = 200,
    private readonly maxChars = 64 * 1024 * 1024,
  ) {}

  /** A new edit: it can be undone, and what was undone can no longer be redone. */
  push(entry: HistoryEntry): void {
    this.done.push(entry);
    this.undone = [];
    let chars = this.done.reduce((sum, item) => sum + item.before.length + item.after.length, 0);
    while (this.done.length > this.maxEntries || (chars > this.maxChars && this.done.length > 1)) {
      const dropped = this.done.shift()!;
      chars -= dropped.before.length + dropped.after.length;
    }
  }

  /** The entry to undo (its `before` is the text to restore), moved to the redo side. */
  undo(): HistoryEntry | undefined {
    const entry = this.done.pop();
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** The entry to redo (its `after` is the text to restore), moved back to the undo side. */
  redo(): HistoryEntry | undefined {
    const entry = this.undone.pop();
    if (entry) this.done.push(entry);
    return entry;
  }

  /** Puts an undo or redo back when applying it failed (the course changed under it). */
  revert(wasUndo: boolean): void {
    if (wasUndo) this.done.push(this.undone.pop()!);
    else this.undone.push(this.done.pop()!);
  }

  get undoLabel(): string | null {
    return this.done.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
