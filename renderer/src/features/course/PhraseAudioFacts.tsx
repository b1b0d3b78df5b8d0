import { cellKey, PLAYABLE } from '../../lib/cells';
import { formatLoudness, formatPeak, QA_LABEL, qaExplanation } from '../../lib/qaText';
import { useCells } from '../../store/cells';

/**
 * The selected phrase's rendered variants as measured when delivered: integrated loudness, true peak
 * and any QA flag with its why (PhraseDetail shows it; the cells have room for a badge only).
 */
export function PhraseAudioFacts({ phraseId, variantIds }: { phraseId: string; variantIds: readonly string[] }): React.JSX.Element | null {
  // Re-read when cells change (a run ending brings the measurements).
  useCells((s) => s.version);
  const cells = useCells.getState().cells;
  const measured = variantIds.flatMap((variantId) => {
    const cell = cells.get(cellKey(phraseId, variantId));
    return cell && PLAYABLE.has(cell.status) && cell.loudnessLufs !== undefined ? [{ variantId, cell }] : [];
  });
  if (!measured.length) return null;
  return (
    <div>
      <dt>Loudness · true peak</dt>
      <dd className="phrase-detail-audio">
        {measured.map(({ variantId, cell }) => (
          <span key={variantId} className="num" data-testid={`phrase-detail-loudness-${variantId}`} title={qaExplanation(cell).join('\n') || undefined}>
            {variantId}: {formatLoudness(cell.loudnessLufs!)}
            {cell.truePeakDbtp !== undefined && ` · ${formatPeak(cell.truePeakDbtp)}`}
            {cell.qa?.length ? <span className="qa-badge">{cell.qa.map((flag) => QA_LABEL[flag]).join(', ')}</span> : null}
          </span>
        ))}
      </dd>
    </div>
  );
}
