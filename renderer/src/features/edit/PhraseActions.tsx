import { useEdit } from '../../store/edit';
import { Button } from '../../ui/Button';
import { rerenderPhrase } from './rerenderPhrase';

/** What can be done to the selected phrase: add below, duplicate, delete, move, and render it again. */
export function PhraseActions({ phraseId }: { phraseId: string }): React.JSX.Element {
  const apply = useEdit((s) => s.apply);
  return (
    <div className="phrase-actions" role="toolbar" aria-label={`Phrase ${phraseId}`} data-testid="phrase-actions">
      <Button
        size="sm"
        variant="primary"
        icon="retry"
        data-testid="rerender-phrase"
        title="Render this phrase's stale and missing cells now, then play it"
        onClick={() => void rerenderPhrase(phraseId)}
      >
        Re-render
      </Button>
      <Button size="sm" variant="ghost" data-testid="phrase-add" onClick={() => void addBelow(phraseId)}>
        Add below
      </Button>
      <Button size="sm" variant="ghost" data-testid="phrase-duplicate" onClick={() => void apply({ kind: 'duplicate', phraseId })}>
        Duplicate
      </Button>
      <Button size="sm" variant="ghost" data-testid="phrase-up" title="Move up" onClick={() => void apply({ kind: 'move', phraseId, by: -1 })}>
        Up
      </Button>
      <Button size="sm" variant="ghost" data-testid="phrase-down" title="Move down" onClick={() => void apply({ kind: 'move', phraseId, by: 1 })}>
        Down
      </Button>
      <Button size="sm" variant="danger" data-testid="phrase-delete" title="Delete this phrase (Undo brings it back)" onClick={() => void apply({ kind: 'delete', phraseId })}>
        Delete
      </Button>
    </div>
  );
}

/** A new phrase below this one, its target text open for typing. */
async function addBelow(phraseId: string): Promise<void> {
  const added = await useEdit.getState().apply({ kind: 'add', afterPhraseId: phraseId });
  if (added) useEdit.getState().startEditing(added, 'target');
}
