import type { RenderCell } from '../../../shared/ipc/contract';
import type { QaFlag } from '../../../shared/model/delivery';
import { formatSeconds } from './format';

// QA flags and loudness in the producer's words (issue 11). The thresholds are the core's
// (electron/main/core/deliver/qa.ts); the page only explains what main measured.

export const QA_LABEL: Record<QaFlag, string> = {
  'near-silent': 'Near-silent',
  truncated: 'Truncated',
  runaway: 'Runaway',
};

const QA_MEANING: Record<QaFlag, string> = {
  'near-silent': 'the audio is almost silent (under -50 LUFS)',
  truncated: 'far shorter than its text predicts: the voice may have stopped early',
  runaway: 'far longer than its text predicts: the voice may have kept going',
};

export const hasQa = (cell: RenderCell | undefined): boolean => (cell?.qa?.length ?? 0) > 0;

/** "Runaway: far longer than its text predicts… (speech 15.6 s, expected about 1.3 s)", one line per flag. */
export function qaExplanation(cell: RenderCell): string[] {
  return (cell.qa ?? []).map((flag) => {
    const lengths =
      flag !== 'near-silent' && cell.speechMs !== undefined && cell.expectedSpeechMs !== undefined
        ? ` (speech ${formatSeconds(cell.speechMs)}, expected about ${formatSeconds(cell.expectedSpeechMs)})`
        : '';
    return `${QA_LABEL[flag]}: ${QA_MEANING[flag]}${lengths}`;
  });
}

const level = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "-18.0 LUFS" (integrated loudness). */
export const formatLoudness = (lufs: number): string => `${level.format(lufs)} LUFS`;

/** "-1.6 dBTP" (true peak). */
export const formatPeak = (dbtp: number): string => `${level.format(dbtp)} dBTP`;

/** How many cells carry a QA flag (the filter chip's count). */
export function countQaCells(cells: ReadonlyMap<string, RenderCell>): number {
  let flagged = 0;
  for (const cell of cells.values()) if (hasQa(cell)) flagged++;
  return flagged;
}
