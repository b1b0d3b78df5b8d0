import { memo } from 'react';
import { EditableText } from '../edit/EditableText';
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

/** One phrase: its texts (edited in place), then one cell per variant. Positioned absolutely by the virtualizer. */
export const PhraseRow = memo(function PhraseRow({ phrase, variantIds, rowIndex, top, notes }: PhraseRowProps): React.JSX.Element {
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className="tr" style={{ transform: `translateY(${top}px)` }} data-testid={`row-${phrase.id}`}>
      <div role="gridcell" aria-colindex={1} className="td td-id num" title={phrase.id}>
        {phrase.id}
      </div>
      <EditableText phraseId={phrase.id} field="lesson" value={phrase.lesson ?? ''} colIndex={2} className="td td-lesson" />
      <EditableText phraseId={phrase.id} field="known" value={phrase.known} colIndex={3} className="td td-text" />
      <EditableText phraseId={phrase.id} field="target" value={phrase.target} colIndex={4} className="td td-text td-target" />
      {notes && <EditableText phraseId={phrase.id} field="notes" value={phrase.notes ?? ''} colIndex={5} className="td td-notes" testId={`notes-${phrase.id}`} />}
      {variantIds.map((variantId, i) => (
        <VariantCell key={variantId} phraseId={phrase.id} variantId={variantId} colIndex={(notes ? 6 : 5) + i} />
      ))}
    </div>
  );
});
