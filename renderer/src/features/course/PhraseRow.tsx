import { memo } from 'react';
import type { Phrase } from './visiblePhrases';
import { VariantCell } from './VariantCell';

interface PhraseRowProps {
  phrase: Phrase;
  variantIds: readonly string[];
  rowIndex: number;
  top: number;
}

/** One phrase: its texts, then one cell per variant. Positioned absolutely by the virtualizer. */
export const PhraseRow = memo(function PhraseRow({ phrase, variantIds, rowIndex, top }: PhraseRowProps): React.JSX.Element {
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
      {variantIds.map((variantId, i) => (
        <VariantCell key={variantId} phraseId={phrase.id} variantId={variantId} colIndex={5 + i} />
      ))}
    </div>
  );
});
