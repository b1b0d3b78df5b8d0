import { memo } from 'react';
import type { Phrase } from './visiblePhrases';
import { VariantCell } from './VariantCell';

interface PhraseRowProps {
  phrase: Phrase;
  variantIds: readonly string[];
  rowIndex: number;
  top: number;
  /** The notes column is on (the course has notes and the producer shows them). */
  notes: boolean;
}

/** One phrase: its texts, then one cell per variant. Positioned absolutely by the virtualizer. */
export const PhraseRow = memo(function PhraseRow({ phrase, variantIds, rowIndex, top, notes }: PhraseRowProps): React.JSX.Element {
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className="tr" style={{ transform: `translateY(${top}px)` }} data-testid={`row-${phrase.id}`}>
      <div role="gridcell" aria-colindex={1} className="td td-id num" title={phrase.id}>
        {phrase.id}
      </div>
      <div role="gridcell" aria-colindex={2} className="td td-lesson">
        {phrase.lesson ?? ''}
      </div>
      <div role="gridcell" aria-colindex={3} className="td td-text" title={phrase.known}>
        {phrase.known}
      </div>
      <div role="gridcell" aria-colindex={4} className="td td-text td-target" title={phrase.target}>
        {phrase.target}
      </div>
      {notes && (
        <div role="gridcell" aria-colindex={5} className="td td-notes" title={phrase.notes} data-testid={`notes-${phrase.id}`}>
          {phrase.notes ?? ''}
        </div>
      )}
      {variantIds.map((variantId, i) => (
        <VariantCell key={variantId} phraseId={phrase.id} variantId={variantId} colIndex={(notes ? 6 : 5) + i} />
      ))}
    </div>
  );
});
