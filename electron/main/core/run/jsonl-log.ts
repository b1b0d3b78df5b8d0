import { open, readFile, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from '../output/atomic-write';
import { crashDue, crashMidWrite } from './crash-points';

/**
 * An append-only log of JSON lines (the run journal, the masters index): read once on open, then
 * appended to with group commit (lines that arrive during an fsync share the next one).
 *
 * A torn or garbage tail (a kill or a full disk mid-append) is cut off on open, before anything is
 * appended: otherwise the next line would be glued onto the fragment and lost too.
 */
export interface JsonlContents<T> {
  readonly records: T[];
  /** Lines that did not parse or validate (a torn tail, garbage, an older or foreign format). */
  readonly badLines: number;
}

/** Reads every valid record; `parse` returns undefined for a line to drop. A missing file reads as empty. */
export async function readJsonl<T>(path: string, parse: (value: unknown) => T | undefined): Promise<JsonlContents<T>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const records: T[] = [];
  let badLines = 0;
  const lines = text.split('\n');
  // Text after the last newline is a line whose write never finished, even if it happens to parse.
  if (lines.pop()?.trim()) badLines++;
  for (const line of lines) {
    if (!line.trim()) continue;
    let record: T | undefined;
    try {
      record = parse(JSON.parse(line));
    } catch {
      record = undefined;
    }
    if (record === undefined) badLines++;
    else records.push(record);
  }
  return { records, badLines };
}

export class JsonlAppender {
  private writing: Promise<void> = Promise.resolve();
  private flushing = false;
  private readonly pending: Array<{ line: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private closed = false;
  /** Set when a write failed (disk full...): a partial line may be on disk, so nothing more is appended. */
  private broken: unknown;

  private constructor(private readonly handle: FileHandle) {}

  /**
   * Opens `path` for appending. With `rewrite`, the file is first replaced atomically by exactly these
   * records (compaction, and the repair of a torn tail), so appends never follow a fragment.
   */
  static async open(path: string, rewrite?: readonly unknown[]): Promise<JsonlAppender> {
    if (rewrite) await writeFileAtomic(path, rewrite.map((record) => JSON.stringify(record) + '\n').join(''));
    return new JsonlAppender(await open(path, 'a'));
  }

  /** Appends one record; resolves once it is durable. */
  append(record: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The log is closed'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(record) + '\n', resolve, reject });
      if (!this.flushing) this.writing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        const text = batch.map((item) => item.line).join('');
        try {
          if (crashDue('journal-append', batch.length)) crashMidWrite(this.handle.fd, text);
          // One write() of whole lines: a kill lands before or after it, or tears only the last line.
          await this.handle.write(text);
          await this.handle.datasync();
          for (const item of batch) item.resolve();
        } catch (error) {
          this.broken = error;
          for (const item of [...batch, ...this.pending.splice(0)]) item.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing;
    await this.handle.close();
  }
}
