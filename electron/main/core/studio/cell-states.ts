import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { cellId, type RenderCell } from '../../../../shared/ipc/contract';
import { deliveredLevels, type DeliveredLevels } from '../../../../shared/model/delivery';
import type { RenderJob } from '../../../../shared/model/render';
import { JOURNAL_DIR, JOURNAL_FILE, RunJournal } from '../run/journal';

/** What the output folder already holds: journal entries whose files are still there. */
export interface FinishedRenders {
  /** file -> key of the render on disk. */
  readonly byFile: ReadonlyMap<string, string>;
  readonly keys: ReadonlySet<string>;
  /** Render key -> duration of its audio (ms, as journaled). */
  readonly durations: ReadonlyMap<string, number>;
  /** Render key -> loudness, true peak and QA flags of its file (as journaled). */
  readonly levels?: ReadonlyMap<string, DeliveredLevels>;
}

export const NOTHING_FINISHED: FinishedRenders = { byFile: new Map(), keys: new Set(), durations: new Map(), levels: new Map() };

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
      levels: new Map(entries.map((entry) => [entry.key, deliveredLevels(entry)])),
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
export function planCells(jobs: readonly RenderJob[], finished: FinishedRenders, previous: ReadonlyMap<string, KeyedCell>, markStale: boolean): Map<string, KeyedCell> {
  const next = new Map<string, KeyedCell>();
  for (const job of jobs) {
    const id = cellId(job.phraseId, job.variantId);
    const before = previous.get(id);
    const sameContent = before?.key === job.key;
    let cell: RenderCell;
    if (finished.byFile.get(job.file) === job.key || finished.keys.has(job.key)) {
      const durationMs = finished.durations.get(job.key);
      const kept = sameContent && before.cell.status === 'done' ? before.cell : { status: 'cached' as const };
      cell = withDuration(withLevels(kept, finished.levels?.get(job.key)), durationMs);
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

/** The level fields of a cell (loudness, true peak, QA), to carry over when only its status changes. */
export function levelsOfCell(cell: RenderCell | undefined): DeliveredLevels {
  return cell ? deliveredLevels(cell) : {};
}

/** A cell with the level fields of its file, the same object when they are already there (no change event). */
export function withLevels(cell: RenderCell, levels: DeliveredLevels | undefined): RenderCell {
  if (!levels) return cell;
  const same = cell.loudnessLufs === levels.loudnessLufs && cell.truePeakDbtp === levels.truePeakDbtp && (cell.qa ?? []).join() === (levels.qa ?? []).join();
  return same ? cell : { ...cell, ...levels };
}
