import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { cellId, type RenderCell } from '../../../../shared/ipc/contract';
import type { RenderJob } from '../../../../shared/model/render';
import { JOURNAL_DIR, JOURNAL_FILE, RunJournal } from '../run/journal';
import { cellFactsOf, entryFactsOf, withFacts, type EntryFacts } from './cell-facts';

/** What the output folder already holds: journal entries whose files are still there. */
export interface FinishedRenders {
  /** file -> key of the render on disk. */
  readonly byFile: ReadonlyMap<string, string>;
  readonly keys: ReadonlySet<string>;
  /** Render key -> duration of its audio (ms, as journaled). */
  readonly durations: ReadonlyMap<string, number>;
  /** Render key -> loudness, true peak and QA flags of its delivered audio (see cell-facts.ts). */
  readonly facts: ReadonlyMap<string, EntryFacts>;
}

export const NOTHING_FINISHED: FinishedRenders = { byFile: new Map(), keys: new Set(), durations: new Map(), facts: new Map() };

/**
 * Reads the output folder's journal (verified against the files, as a run would) without creating
 * anything: opening a course must not make folders in the producer's Documents.
 */
export async function readFinishedRenders(outDir: string): Promise<FinishedRenders> {
  const exists = await access(join(outDir, JOURNAL_DIR, JOURNAL_FILE)).then(
    () => true,
    () => false,
  );
  if (!exists) return NOTHING_FINISHED;
  const journal = await RunJournal.open(outDir);
  try {
    const entries = journal.entries();
    return {
      byFile: new Map(entries.map((entry) => [entry.file, entry.key])),
      keys: new Set(entries.map((entry) => entry.key)),
      durations: new Map(entries.map((entry) => [entry.key, entry.durationMs])),
      facts: new Map(entries.map((entry) => [entry.key, entryFactsOf(entry)])),
    };
  } finally {
    await journal.close();
  }
}

export interface KeyedCell {
  readonly key: string;
  readonly cell: RenderCell;
}

/**
 * The state of every cell after the plan changed (course opened, voice assigned, engine or format
 * changed): a render whose content is on disk is 'cached' (a run takes it from the journal); one
 * that WAS done but whose content changed (new voice, new engine) is 'stale', so the producer sees
 * what the change invalidated; a failure of the same content stays visible; anything else is pending.
 */
export function planCells(
  jobs: readonly RenderJob[],
  finished: FinishedRenders,
  previous: ReadonlyMap<string, KeyedCell>,
  markStale: boolean,
  /** The silence the course's delivery adds around speech (for a QA flag's "why", see cell-facts.ts). */
  paddingMs = 0,
): Map<string, KeyedCell> {
  const next = new Map<string, KeyedCell>();
  for (const job of jobs) {
    const id = cellId(job.phraseId, job.variantId);
    const before = previous.get(id);
    const sameContent = before?.key === job.key;
    let cell: RenderCell;
    if (finished.byFile.get(job.file) === job.key || finished.keys.has(job.key)) {
      const durationMs = finished.durations.get(job.key);
      cell = withDuration(sameContent && before.cell.status === 'done' ? before.cell : { status: 'cached' }, durationMs);
      cell = withFacts(cell, cellFactsOf(finished.facts.get(job.key), job, durationMs, paddingMs));
    } else if (sameContent && (before.cell.status === 'failed' || before.cell.status === 'stale')) {
      cell = before.cell;
    } else if (markStale && before && !sameContent && ['done', 'cached', 'stale'].includes(before.cell.status)) {
      cell = { status: 'stale' };
    } else {
      cell = { status: 'pending' };
    }
    next.set(id, { key: job.key, cell });
  }
  return next;
}

/** A done or cached cell with the duration of its audio, when known (the table shows "1.4 s"). */
export function withDuration(cell: RenderCell, durationMs: number | undefined): RenderCell {
  if (durationMs === undefined || cell.durationMs === durationMs) return cell;
  return { ...cell, durationMs };
}
