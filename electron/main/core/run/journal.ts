import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ManifestItemSchema } from '../../../../shared/model/render';
import { checkFile } from './file-check';
import { folderLockHolder } from './folder-lock';
import { JsonlAppender, readJsonl } from './jsonl-log';
import { isSafeOutputPath } from './safe-path';
import { STATE_DIR } from './state-dir';

/**
 * The run journal: one JSON line per file delivered into the output folder, appended (and synced) the
 * moment the file is in place. It is what makes a second run write nothing and a run killed at any
 * instant resume with only what is missing.
 *
 * An entry counts only while its file is still the one written: the quick check (size + mtime) decides
 * on open, the content hash (sha256) settles a doubt, and `verify` hashes everything. An entry whose path
 * is not a plain relative path inside the folder is ignored and reported: a journal is a file anyone can
 * edit, and `../secret.txt` must never be served or copied.
 */

export const JOURNAL_DIR = STATE_DIR;
export const JOURNAL_FILE = 'journal.jsonl';

/** A manifest row with everything optional there made required, plus when and from what it was written. */
export const JournalEntrySchema = ManifestItemSchema.required({ format: true, key: true, bytes: true }).extend({
  at: z.string(),
  /** The synthesis key of the master this file was derived from. */
  master: z.string().optional(),
  mtimeMs: z.number().optional(),
  sha256: z.string().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export interface JournalOpenOptions {
  /** Hash every file instead of trusting size + mtime. */
  readonly verify?: boolean;
  /** Told about every entry that was ignored or no longer matches its file. */
  readonly report?: (line: string) => void;
}

export class RunJournal {
  /** Latest entry per output file: a newer render of the same file supersedes older lines. */
  private readonly byFile = new Map<string, JournalEntry>();
  /** Entries written before hashes were recorded, by file: candidates for adoption, not trusted. */
  private readonly legacy = new Map<string, JournalEntry>();

  private constructor(
    private readonly outDir: string,
    /** Undefined for a reader: another run is writing this folder. */
    private readonly log: JsonlAppender | undefined,
  ) {}

  /** Opens (creating) the journal of an output folder, keeping only entries whose files check out, and compacts it. */
  static async open(outDir: string, options: JournalOpenOptions = {}): Promise<RunJournal> {
    const dir = join(outDir, JOURNAL_DIR);
    await mkdir(dir, { recursive: true });
    const path = join(dir, JOURNAL_FILE);
    const { records, badLines } = await readJsonl(path, (value) => {
      const parsed = JournalEntrySchema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    });
    if (badLines) options.report?.(`${path}: ${badLines} damaged line${badLines === 1 ? '' : 's'} (a torn or garbage tail) cut off`);
    const latest = new Map<string, JournalEntry>();
    for (const entry of records) {
      if (entry.bytes < 0)
        latest.delete(entry.file); // a tombstone written by forget()
      else if (isSafeOutputPath(outDir, entry.file)) latest.set(entry.file, entry);
      else options.report?.(`${path}: ignored an entry for "${entry.file}", which is not a relative path inside ${outDir}`);
    }
    const valid: JournalEntry[] = [];
    const legacy: JournalEntry[] = [];
    let restamped = false;
    for (const entry of latest.values()) {
      // Entries from before content hashes were recorded: kept aside for adoption (takeLegacy) while
      // their file still has the recorded size, never trusted as they are.
      if (entry.sha256 === undefined || entry.mtimeMs === undefined) {
        const info = await lstat(join(outDir, entry.file)).catch(() => undefined);
        if (info?.isFile() && info.size === entry.bytes) legacy.push(entry);
        continue;
      }
      const verdict = await checkFile(join(outDir, entry.file), { bytes: entry.bytes, mtimeMs: entry.mtimeMs, sha256: entry.sha256 }, { verify: options.verify ?? false });
      if (verdict.status === 'trusted') {
        restamped ||= verdict.stamp.mtimeMs !== entry.mtimeMs;
        valid.push({ ...entry, mtimeMs: verdict.stamp.mtimeMs });
      } else if (verdict.status === 'changed') options.report?.(`${entry.file} changed on disk (${verdict.reason}): it will be written again`);
    }
    // Rewrite compactly (atomically) so the journal neither grows with every run nor keeps a torn tail;
    // unless another process holds the folder's write lock: then this is a reader (the studio showing a
    // folder a CLI run is writing), and replacing the file under the writer would orphan its appends.
    const held = await folderLockHolder(outDir);
    const reader = held !== undefined && held.pid !== process.pid;
    const rewrite = !reader && (badLines > 0 || restamped || valid.length + legacy.length !== records.length);
    const journal = new RunJournal(outDir, reader ? undefined : await JsonlAppender.open(path, rewrite ? [...legacy, ...valid] : undefined));
    for (const entry of valid) journal.byFile.set(entry.file, entry);
    for (const entry of legacy) journal.legacy.set(entry.file, entry);
    return journal;
  }

  /** The delivered file of exactly this content at exactly this path, if there is one. */
  lookup(key: string, file: string): JournalEntry | undefined {
    const entry = this.byFile.get(file);
    return entry?.key === key ? entry : undefined;
  }

  /** Any delivered file of this content (another file name, an earlier naming template). */
  findByKey(key: string): JournalEntry | undefined {
    for (const entry of this.byFile.values()) if (entry.key === key) return entry;
    return undefined;
  }

  /** The pre-hash entry for `file`, if any (once: the caller adopts it or lets it go). */
  takeLegacy(file: string): JournalEntry | undefined {
    const entry = this.legacy.get(file);
    this.legacy.delete(file);
    return entry;
  }

  entries(): JournalEntry[] {
    return [...this.byFile.values()];
  }

  /** Appends one entry; resolves once it is durable (parallel renders share one fsync). */
  record(entry: JournalEntry): Promise<void> {
    if (!this.log) return Promise.reject(new Error(`${this.outDir} is being written by another run: this journal is read-only`));
    this.byFile.set(entry.file, entry);
    return this.log.append(entry);
  }

  /** Forgets a file (removed from the output because the course no longer names it). */
  async forget(file: string): Promise<void> {
    const entry = this.byFile.get(file);
    if (!entry) return;
    if (!this.log) throw new Error(`${this.outDir} is being written by another run: this journal is read-only`);
    this.byFile.delete(file);
    // A tombstone: an entry whose file is gone is dropped on the next open.
    await this.log.append({ ...entry, bytes: -1 });
  }

  close(): Promise<void> {
    return this.log?.close() ?? Promise.resolve();
  }

  get folder(): string {
    return this.outDir;
  }
}
