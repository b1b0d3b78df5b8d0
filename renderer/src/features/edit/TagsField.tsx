import { useState } from 'react';
import { useEdit } from '../../store/edit';
import { parseTags } from './tags';

/**
 * The selected phrase's tags, edited in the detail under the table (the table has no tags column):
 * click to edit, words separated by spaces, commas or ";", Enter keeps, Esc cancels.
 */
export function TagsField({ phraseId, tags }: { phraseId: string; tags: readonly string[] }): React.JSX.Element {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = tags.join(' ');
  if (draft === null) {
    return (
      <button type="button" className="link-btn tags-value" data-testid="phrase-tags" title="Edit the tags" onClick={() => setDraft(shown)}>
        {shown || 'Add tags'}
      </button>
    );
  }
  const commit = async (): Promise<void> => {
    const next = parseTags(draft);
    if (next.join(' ') !== shown && (await useEdit.getState().apply({ kind: 'setTags', phraseId, tags: next })) === null) return;
    setDraft(null);
  };
  return (
    <input
      className="cell-input"
      aria-label={`Tags of ${phraseId}`}
      data-testid="phrase-tags-input"
      autoFocus
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          event.stopPropagation();
          void commit();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          setDraft(null);
        }
      }}
      onBlur={() => void commit()}
    />
  );
}
