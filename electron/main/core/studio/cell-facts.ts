import { join } from 'node:path';
import type { RenderCell } from '../../../../shared/ipc/contract';
import type { Course } from '../../../../shared/model/course';
import type { RenderJob } from '../../../../shared/model/render';
import { shapingOf } from '../deliver/course-shaping';
import { predictedSpeechMs } from '../deliver/qa';
import { JOURNAL_DIR, JOURNAL_FILE, JournalEntrySchema, type JournalEntry } from '../run/journal';
import { readJsonl } from '../run/jsonl-log';

/**
 * What the table shows of a delivered render besides its state (issue 11): its loudness, true peak
 * and QA flags, as journalled when the file was derived from its master, and for a flagged render
 * the "why": the speech length its text and rate predict against the speech in the file.
 */
export type EntryFacts = Pick<JournalEntry, 'loudnessLufs' | 'truePeakDbtp' | 'qa'>;
export type CellFacts = Pick<RenderCell, 'loudnessLufs' | 'truePeakDbtp' | 'qa' | 'expectedSpeechMs' | 'speechMs'>;

export function entryFactsOf(entry: EntryFacts): EntryFacts {
  return {
    ...(entry.loudnessLufs !== undefined ? { loudnessLufs: entry.loudnessLufs } : {}),
    ...(entry.truePeakDbtp !== undefined ? { truePeakDbtp: entry.truePeakDbtp } : {}),
    ...(entry.qa?.length ? { qa: [...entry.qa] } : {}),
  };
}

/** The silence the delivery adds around the speech (ms): what separates a file's length from its speech. */
export function paddingMsOf(course: Pick<Course, 'output'>): number {
  const { silence } = shapingOf(course);
  return silence ? silence.leadMs + silence.tailMs : 0;
}

/** The cell fields for a render's facts; `durationMs` is the delivered file's. */
export function cellFactsOf(facts: EntryFacts | undefined, job: Pick<RenderJob, 'text' | 'rate'>, durationMs: number | undefined, paddingMs: number): CellFacts {
  if (!facts) return {};
  const out: CellFacts = entryFactsOf(facts);
  if (out.qa?.length) {
    out.expectedSpeechMs = Math.round(predictedSpeechMs(job.text, job.rate));
    if (durationMs !== undefined) out.speechMs = Math.max(0, Math.round(durationMs - paddingMs));
  }
  return out;
}

/** A done or cached cell with its facts (any stale facts of an earlier render dropped). */
export function withFacts(cell: RenderCell, facts: CellFacts): RenderCell {
  if (cell.status !== 'done' && cell.status !== 'cached') return cell;
  const { loudnessLufs: _l, truePeakDbtp: _p, qa: _q, expectedSpeechMs: _e, speechMs: _s, ...rest } = cell;
  const next: RenderCell = { ...rest, ...facts };
  return sameFacts(cell, next) ? cell : next;
}

function sameFacts(a: RenderCell, b: RenderCell): boolean {
  return (
    a.loudnessLufs === b.loudnessLufs &&
    a.truePeakDbtp === b.truePeakDbtp &&
    a.expectedSpeechMs === b.expectedSpeechMs &&
    a.speechMs === b.speechMs &&
    (a.qa ?? []).join() === (b.qa ?? []).join()
  );
}

/**
 * Facts by render key from the output folder's journal, read without opening it for writing (a run
 * may have just closed it, or a CLI run may be appending): the latest line per file wins, tombstones
 * drop it. Display only: whether the file is still intact is the journal's business when a run opens it.
 */
export async function readJournalFacts(outDir: string): Promise<Map<string, EntryFacts>> {
  const { records } = await readJsonl(join(outDir, JOURNAL_DIR, JOURNAL_FILE), (value) => {
    const parsed = JournalEntrySchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });
  const byFile = new Map<string, JournalEntry>();
  for (const entry of records) {
    if (entry.bytes < 0) byFile.delete(entry.file);
    else byFile.set(entry.file, entry);
  }
  return new Map([...byFile.values()].map((entry) => [entry.key, entryFactsOf(entry)]));
}
