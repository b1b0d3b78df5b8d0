import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ManifestItemSchema } from '../../../../shared/model/render';

/**
 * The run journal: one JSON line per finished render, appended (and synced) the moment the audio file
 * is in place. It is what makes a second run render nothing and a run killed at any instant resume
 * with only what is missing. An entry counts only while its file still exists with the recorded size,
 * so a deleted or replaced file is rendered again instead of trusted.
 */

export const JOURNAL_DIR = '.course-audio-studio';
export const JOURNAL_FILE = 'journal.jsonl';

/** A manifest row with everything optional there made required, plus when it was rendered. */
export const JournalEntrySchema = ManifestItemSchema.required({ format: true, key: true, bytes: true }).extend({ at: z.string() });
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export class RunJournal {
  /** Latest entry per output file: a newer render of the same file supersedes older lines. */
  private readonly byFile = new Map<string, JournalEntry>();
  private writing: Promise<void> = Promise.resolve();
  private flushing = false;
  private readonly pending: Array<{ line: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private closed = false;

  private constructor(
    private readonly outDir: string,
    private handle: FileHandle,
  ) {}

  /** Opens (creating) the journal of an output folder, dropping entries whose files are gone, and compacts it. */
  static async open(outDir: string): Promise<RunJournal> {
    const dir = join(outDir, JOURNAL_DIR);
    await mkdir(dir, { recursive: true });
    const path = join(dir, JOURNAL_FILE);
    const entries = await readEntries(path);
    const latest = new Map<string, JournalEntry>();
    for (const entry of entries) latest.set(entry.file, entry);
    const valid: JournalEntry[] = [];
    await Promise.all(
      [...latest.values()].map(async (entry) => {
        const info = await stat(join(outDir, entry.file)).catch(() => undefined);
        if (info?.isFile() && info.size === entry.bytes) valid.push(entry);
      }),
    );
    // Rewrite compactly (atomically) so the journal does not grow with every run and every retry.
    if (valid.length !== entries.length) {
      const temp = `${path}.${process.pid}.tmp`;
      const compact = await open(temp, 'w');
      await compact.writeFile(valid.map((entry) => JSON.stringify(entry) + '\n').join(''));
      await compact.sync();
      await compact.close();
      await rename(temp, path);
    }
    const journal = new RunJournal(outDir, await open(path, 'a'));
    for (const entry of valid) journal.byFile.set(entry.file, entry);
    return journal;
  }

  /** The finished render of exactly this content at exactly this file, if there is one. */
  lookup(key: string, file: string): JournalEntry | undefined {
    const entry = this.byFile.get(file);
    return entry?.key === key ? entry : undefined;
  }

  /** Any finished render of this content (another file name, an earlier naming template). */
  findByKey(key: string): JournalEntry | undefined {
    for (const entry of this.byFile.values()) if (entry.key === key) return entry;
    return undefined;
  }

  entries(): JournalEntry[] {
    return [...this.byFile.values()];
  }

  /**
   * Appends one entry; resolves once it is durable. Entries that arrive while a sync is under way are
   * written together with the next one (group commit), so parallel renders share one fsync.
   */
  record(entry: JournalEntry): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run journal is closed'));
    this.byFile.set(entry.file, entry);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(entry) + '\n', resolve, reject });
      if (!this.flushing) this.writing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        try {
          // One write() of whole lines: a kill lands before or after it, and a torn tail is skipped on read.
          await this.handle.write(batch.map((item) => item.line).join(''));
          await this.handle.datasync();
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
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

  get folder(): string {
    return this.outDir;
  }
}

async function readEntries(path: string): Promise<JournalEntry[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JournalEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // A line torn by a kill mid-write: that render is simply not recorded, so it is rendered again.
    }
  }
  return entries;
}
