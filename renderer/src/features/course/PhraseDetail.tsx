import { useCourse } from '../../store/course';
import { useUi } from '../../store/ui';
import { PhraseActions } from '../edit/PhraseActions';
import { TagsField } from '../edit/TagsField';
import { PhraseAudioFacts } from './PhraseAudioFacts';

/**
 * The selected phrase in full, under the table: rows keep one line each (the table is virtualized
 * at a fixed row height), so a long phrase or note is read here, wrapped, rather than in a tooltip;
 * with the phrase's actions (re-render, add, duplicate, move, delete) above it.
 */
export function PhraseDetail(): React.JSX.Element | null {
  const phraseId = useUi((s) => s.selection?.phraseId);
  const phrase = useCourse((s) => (phraseId ? s.phraseById.get(phraseId) : undefined));
  const languages = useCourse((s) => s.course?.languages);
  const variants = useCourse((s) => s.course?.variants);
  if (!phrase || !languages) return null;
  return (
    <div className="phrase-detail-wrap">
      <PhraseActions phraseId={phrase.id} />
      <dl className="phrase-detail" data-testid="phrase-detail" aria-label={`Phrase ${phrase.id}`}>
        <div>
          <dt>{languages.known}</dt>
          <dd data-testid="phrase-detail-known">{phrase.known}</dd>
        </div>
        <div>
          <dt>{languages.target}</dt>
          <dd className="phrase-detail-target" data-testid="phrase-detail-target">
            {phrase.target}
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <TagsField key={phrase.id} phraseId={phrase.id} tags={phrase.tags ?? []} />
          </dd>
        </div>
        {phrase.notes && (
          <div>
            <dt>Notes</dt>
            <dd data-testid="phrase-detail-notes">{phrase.notes}</dd>
          </div>
        )}
        <PhraseAudioFacts phraseId={phrase.id} variantIds={(variants ?? []).map((variant) => variant.id)} />
      </dl>
    </div>
  );
}
