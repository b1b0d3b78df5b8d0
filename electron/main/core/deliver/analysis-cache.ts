import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../output/atomic-write';
import { MASTERS_DIR, type MasterEntry } from '../run/master-store';
import { STATE_DIR } from '../run/state-dir';
import type { ClipAnalysis } from './clip-analysis';
import type { SilencePadding } from './shaping';

/**
 * Loudness measurements of masters (deliver/clip-analysis.ts), cached beside the masters in
 * `.course-audio-studio/masters/analysis.json`, so each master is metered once per silence setting:
 * a new loudness target, format or lesson track is derived without measuring again.
 *
 * Each entry names the sha256 of the master it measured; an entry whose master is gone or was
 * synthesized again (another hash) is not trusted and dropped on the next save. It is a cache: a
 * lost or damaged file only costs measuring again, so it is written whole (atomically) on save.
 */
export const ANALYSIS_FILE = 'analysis.json';
/** Bumped when the measurement changes (another meter, another trim rule, another limiter landing): old entries stop matching. */
const ANALYSIS_VERSION = 2;

/** JSON has no infinities: -Infinity (silence) is stored as null. */
const level = z.number().nullable();
const EntrySchema = z.object({
  sha256: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  lufs: level,
  samplePeak: z.number().nonnegative(),
  truePeakDbtp: level,
  limited: z.record(z.string(), z.object({ gainDb: z.number(), trimDb: z.number(), integratedLufs: z.number(), truePeakDbtp: z.number() })).optional(),
});
const FileSchema = z.object({ version: z.literal(ANALYSIS_VERSION), entries: z.record(z.string(), EntrySchema) });
type Entry = z.infer<typeof EntrySchema>;

/** The cache key of a master framed by `silence`. */
export const analysisKey = (master: string, silence: SilencePadding | false): string => (silence ? `${master}/${silence.leadMs}/${silence.tailMs}` : `${master}/as-is`);

export class AnalysisCache {
  private dirty = false;

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async open(outDir: string): Promise<AnalysisCache> {
    const path = join(outDir, STATE_DIR, MASTERS_DIR, ANALYSIS_FILE);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    let entries = new Map<string, Entry>();
    if (text !== undefined) {
      try {
        const parsed = FileSchema.safeParse(JSON.parse(text));
        if (parsed.success) entries = new Map(Object.entries(parsed.data.entries));
      } catch {
        // Damaged: measured again.
      }
    }
    return new AnalysisCache(path, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The analysis of `master` as framed by `silence`, if measured on exactly this master's audio. */
  get(master: MasterEntry, silence: SilencePadding | false): ClipAnalysis | undefined {
    const entry = this.entries.get(analysisKey(master.key, silence));
    if (!entry || entry.sha256 !== master.sha256) return undefined;
    return {
      start: entry.start,
      end: entry.end,
      samplePeak: entry.samplePeak,
      lufs: entry.lufs ?? -Infinity,
      truePeakDbtp: entry.truePeakDbtp ?? -Infinity,
      ...(entry.limited ? { limited: entry.limited } : {}),
    };
  }

  set(master: MasterEntry, silence: SilencePadding | false, analysis: ClipAnalysis): void {
    const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
    const { start, end, samplePeak, limited } = analysis;
    this.entries.set(analysisKey(master.key, silence), {
      sha256: master.sha256,
      start,
      end,
      samplePeak,
      lufs: finite(analysis.lufs),
      truePeakDbtp: finite(analysis.truePeakDbtp),
      ...(limited ? { limited: { ...limited } } : {}),
    });
    this.dirty = true;
  }

  /**
   * Writes the cache when something was measured, keeping only entries of masters `isCurrent` still
   * vouches for (same key and hash), so the file never outgrows the masters cache.
   */
  async save(isCurrent: (key: string, sha256: string) => boolean): Promise<void> {
    if (!this.dirty) return;
    const kept: Record<string, Entry> = {};
    for (const [key, entry] of this.entries) if (isCurrent(key.slice(0, key.indexOf('/')), entry.sha256)) kept[key] = entry;
    await writeFileAtomic(this.path, JSON.stringify({ version: ANALYSIS_VERSION, entries: kept }));
    this.dirty = false;
  }
}
