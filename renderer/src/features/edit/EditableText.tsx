import { useEffect, useRef } from 'react';
import { useCourse } from '../../store/course';
import { useEdit, type EditableField } from '../../store/edit';
import { useUi } from '../../store/ui';

interface EditableTextProps {
  phraseId: string;
  field: EditableField;
  value: string;
  colIndex: number;
  className: string;
  testId?: string;
}

/**
 * A phrase text in the table, edited in place: double-click it, or focus it and press Enter; Enter
 * (or leaving the field) keeps the text, Esc gives it up. Main checks the edit as the loader would:
 * a refused text stays in the field, with main's message in a toast.
 */
export function EditableText({ phraseId, field, value, colIndex, className, testId }: EditableTextProps): React.JSX.Element {
  const editing = useEdit((s) => (s.editing?.phraseId === phraseId && s.editing.field === field ? s.editing : null));
  const start = (): void => useEdit.getState().startEditing(phraseId, field);
  const cellTestId = `text-${phraseId}-${field}`;
  if (editing) {
    return (
      <div role="gridcell" aria-colindex={colIndex} className={`${className} td-editing`}>
        <TextInput label={`${field} of ${phraseId}`} draft={editing.draft} testId={`edit-${phraseId}-${field}`} />
      </div>
    );
  }
  return (
    <div
      role="gridcell"
      aria-colindex={colIndex}
      className={`${className} td-editable`}
      title={value ? `${value}\nDouble-click or Enter to edit` : 'Double-click or Enter to edit'}
      tabIndex={-1}
      data-testid={testId ?? cellTestId}
      onClick={() => selectPhrase(phraseId)}
      onDoubleClick={start}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey) return;
        event.preventDefault(); // not the studio's Enter (re-render the selected cell)
        start();
      }}
    >
      {value}
    </div>
  );
}

function TextInput({ label, draft, testId }: { label: string; draft: string; testId: string }): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <input
      ref={input}
      className="cell-input"
      aria-label={`Edit the ${label}`}
      data-testid={testId}
      value={draft}
      onChange={(event) => useEdit.getState().setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          event.stopPropagation();
          void useEdit.getState().commitEditing();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          useEdit.getState().cancelEditing();
        }
      }}
      // Leaving the field keeps what was typed (as a spreadsheet does); a refused text reopens nothing.
      onBlur={() => {
        if (useEdit.getState().editing) void useEdit.getState().commitEditing();
      }}
    />
  );
}

/** A click on a text selects its phrase (keeping the selected variant column), for the phrase's actions below the table. */
function selectPhrase(phraseId: string): void {
  const variantId = useUi.getState().selection?.variantId ?? useCourse.getState().course?.variants[0]?.id;
  if (variantId) useUi.getState().select({ phraseId, variantId });
}
