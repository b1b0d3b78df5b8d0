import { lstat, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../output/atomic-write';
import { parseWavHeader } from '../output/wav';
import { forEachAtOnce } from './at-once';
import { checkFile, sha256Of, stampOfWritten } from './file-check';
import { crashDue, crashNow, crashPoint } from './crash-points';
import { JsonlAppender, readJsonl } from './jsonl-log';
import { RecentMasters } from './recent-masters';
import { STATE_DIR } from './state-dir';

/**
 * The masters cache: what an engine synthesized (the billed step), stored once per synthesis key as
 * lossless PCM WAV at the engine's native rate, in `<out>/.course-audio-studio/masters/`:
 *
 *     masters/index.jsonl        one line per master: key, size, mtime, sha256, rate, duration
 *     masters/<k0k1>/<key>.wav   the audio (the first two hex digits of the key fan the files out)
 *
 * Every delivered file in the output folder is derived from a master, locally. A master whose file is
 * written but whose index line was lost to a kill is adopted on open (the rename was atomic, so the
 * file is complete): what was synthesized is never synthesized again.
 */
export const MASTERS_DIR = 'masters';
const INDEX_FILE = 'index.jsonl';
/** Masters checked (or folders listed) at once when the store opens: enough to keep the file system's threads busy; with --verify each check reads a whole master. */
const CHECKS_AT_ONCE = 8;
/**
 * Memory for the masters stored lately (recent-masters.ts): a lesson's track is built right after its
 * clips, from masters still held here. 64 MB holds ~25 minutes of 22.05 kHz speech: many lessons.
 */
const RECENT_MASTERS_BYTES = 64 * 1024 * 1024;

export const MasterEntrySchema = z.object({
  key: z.string().regex(/^[0-9a-f]{16,64}$/),
  bytes: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sampleRate: z.number().int().positive(),
  durationMs: z.number().nonnegative(),
  at: z.string(),
});
export type MasterEntry = z.infer<typeof MasterEntrySchema>;

export interface MasterStoreOptions {
  /** Hash every master instead of trusting size + mtime. */
  readonly verify?: boolean;
  /** Told about every master that was dropped (changed on disk) or adopted. */
  readonly report?: (line: string) => void;
}

export class MasterStore {
  private readonly recent = new RecentMasters(RECENT_MASTERS_BYTES);

  private constructor(
    readonly dir: string,
    private readonly byKey: Map<string, MasterEntry>,
    private index: JsonlAppender,
  ) {}

  static async open(outDir: string, options: MasterStoreOptions = {}): Promise<MasterStore> {
    const dir = join(outDir, STATE_DIR, MASTERS_DIR);
    await mkdir(dir, { recursive: true });
    const indexPath = join(dir, INDEX_FILE);
    const { records, badLines } = await readJsonl(indexPath, (value) => {
      const parsed = MasterEntrySchema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    });
    const latest = new Map(records.map((entry) => [entry.key, entry]));
    const kept = new Map<string, MasterEntry>();
    let changed = badLines > 0 || latest.size !== records.length;
    // Checked several at once: one at a time, a course's hundreds of lstat calls were a round trip to
    // the file system's threads each (~30 ms for the sample course, before every run and track build).
    const entries = [...latest.values()];
    const verdicts: Array<Awaited<ReturnType<typeof checkFile>>> = [];
    await forEachAtOnce([...entries.keys()], CHECKS_AT_ONCE, async (index) => {
      verdicts[index] = await checkFile(masterPath(dir, entries[index]!.key), entries[index]!, { verify: options.verify ?? false });
    });
    for (const [index, entry] of entries.entries()) {
      const path = masterPath(dir, entry.key);
      const verdict = verdicts[index]!;
      if (verdict.status === 'trusted') {
        kept.set(entry.key, { ...entry, mtimeMs: verdict.stamp.mtimeMs });
        if (verdict.stamp.mtimeMs !== entry.mtimeMs) changed = true;
        continue;
      }
      changed = true;
      if (verdict.status === 'changed') {
        options.report?.(`master ${entry.key} changed on disk (${verdict.reason}): it will be synthesized again`);
        await unlink(path).catch(() => undefined);
      }
    }
    for (const adopted of await adoptOrphans(dir, kept, options.report)) {
      kept.set(adopted.key, adopted);
      changed = true;
    }
    const index = await JsonlAppender.open(indexPath, changed ? [...kept.values()] : undefined);
    return new MasterStore(dir, kept, index);
  }

  get(key: string): MasterEntry | undefined {
    return this.byKey.get(key);
  }

  /** The synthesis keys of every master held. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Bytes of all masters (for the studio's "masters: N MB"). */
  get totalBytes(): number {
    let total = 0;
    for (const entry of this.byKey.values()) total += entry.bytes;
    return total;
  }

  /** The master's WAV bytes, or undefined when it is missing or no longer what was stored. */
  async read(key: string): Promise<Uint8Array | undefined> {
    const entry = this.byKey.get(key);
    if (!entry) return undefined;
    const bytes = await readFile(masterPath(this.dir, key)).catch(() => undefined);
    if (bytes && bytes.byteLength === entry.bytes && sha256Of(bytes) === entry.sha256) return bytes;
    this.byKey.delete(key);
    return undefined;
  }

  /**
   * A copy of a master this store wrote lately, still in memory: the bytes it hashed, so they need no
   * check (undefined: read it from disk).
   */
  recentCopy(key: string): Uint8Array | undefined {
    const entry = this.byKey.get(key);
    return entry && this.recent.copyOf(key, entry.bytes);
  }

  /**
   * Stores a freshly synthesized master (WAV) atomically, then indexes it. The store keeps `wav` in
   * memory for a while (recentCopy): the caller must not change it afterwards.
   */
  async store(key: string, wav: Uint8Array): Promise<MasterEntry> {
    const info = parseWavHeader(wav);
    const path = masterPath(this.dir, key);
    const written = await writeFileAtomic(path, wav, { beforeRename: () => (crashDue('master-write') ? crashNow() : undefined) });
    crashPoint('master-stored');
    const entry: MasterEntry = { key, ...stampOfWritten(written, sha256Of(wav)), sampleRate: info.sampleRate, durationMs: info.durationMs, at: new Date().toISOString() };
    await this.index.append(entry);
    this.byKey.set(key, entry);
    this.recent.keep(key, wav);
    return entry;
  }

  /**
   * Removes these masters (the studio's "Clean unused masters"): the index is rewritten without them
   * first, then their files go. A kill in between leaves files the next open adopts again: nothing
   * is lost, the space is just not freed yet. Returns what was removed.
   */
  async remove(keys: Iterable<string>): Promise<{ count: number; bytes: number }> {
    const going = [...new Set(keys)].map((key) => this.byKey.get(key)).filter((entry): entry is MasterEntry => entry !== undefined);
    if (going.length === 0) return { count: 0, bytes: 0 };
    for (const entry of going) {
      this.byKey.delete(entry.key);
      this.recent.drop(entry.key);
    }
    await this.index.close();
    this.index = await JsonlAppender.open(join(this.dir, INDEX_FILE), [...this.byKey.values()]);
    let bytes = 0;
    for (const entry of going) {
      await unlink(masterPath(this.dir, entry.key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      bytes += entry.bytes;
    }
    return { count: going.length, bytes };
  }

  close(): Promise<void> {
    return this.index.close();
  }
}

/**
 * The masters as indexed (the latest line per key), read without opening the store for writing: for
 * the studio's size readout, which must not write while another process may hold the folder.
 */
export async function readMasterIndex(outDir: string): Promise<MasterEntry[]> {
  const { records } = await readJsonl(join(outDir, STATE_DIR, MASTERS_DIR, INDEX_FILE), (value) => {
    const parsed = MasterEntrySchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });
  return [...new Map(records.map((entry) => [entry.key, entry])).values()];
}

export function masterPath(mastersDir: string, key: string): string {
  return join(mastersDir, key.slice(0, 2), `${key}.wav`);
}

/** Master files in place but not indexed (a kill between the rename and the index line). */
async function adoptOrphans(dir: string, known: ReadonlyMap<string, MasterEntry>, report?: (line: string) => void): Promise<MasterEntry[]> {
  const adopted: MasterEntry[] = [];
  const fanouts = (await readdir(dir, { withFileTypes: true })).filter((fanout) => fanout.isDirectory() && /^[0-9a-f]{2}$/.test(fanout.name));
  // Listed several at once (up to 256 folders), then looked at in order.
  const listings: string[][] = [];
  await forEachAtOnce([...fanouts.keys()], CHECKS_AT_ONCE, async (index) => {
    listings[index] = await readdir(join(dir, fanouts[index]!.name));
  });
  for (const [index, fanout] of fanouts.entries()) {
    for (const name of listings[index]!) {
      const match = /^([0-9a-f]{16,64})\.wav$/.exec(name);
      if (!match || known.has(match[1]!) || !match[1]!.startsWith(fanout.name)) continue;
      const path = join(dir, fanout.name, name);
      const bytes = await readFile(path);
      let info;
      try {
        info = parseWavHeader(bytes);
      } catch {
        await unlink(path).catch(() => undefined);
        continue;
      }
      const { mtimeMs } = await lstat(path);
      adopted.push({
        key: match[1]!,
        bytes: bytes.byteLength,
        mtimeMs,
        sha256: sha256Of(bytes),
        sampleRate: info.sampleRate,
        durationMs: info.durationMs,
        at: new Date().toISOString(),
      });
      report?.(`master ${match[1]} was on disk but not indexed: adopted`);
    }
  }
  return adopted;
}
