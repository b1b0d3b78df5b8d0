import { saveStatusText, staleText, useEdit } from '../../store/edit';
import { Button } from '../../ui/Button';

/** Top bar: saved/unsaved, Undo / Redo / Save (Ctrl+Z, Ctrl+Shift+Z, Ctrl+S), and what the edits made stale. */
export function EditBar(): React.JSX.Element | null {
  const state = useEdit((s) => s.state);
  const busy = useEdit((s) => s.busy > 0);
  const stale = staleText(state.stale);
  const status = saveStatusText(state);
  return (
    <div className="edit-bar" data-testid="edit-bar">
      <span
        className={`save-status${state.dirty ? ' is-dirty' : ''}`}
        data-testid="save-status"
        data-dirty={state.dirty}
        title={state.readOnly ?? (state.savedAtMs ? `Saved at ${new Date(state.savedAtMs).toLocaleTimeString()}` : 'Edits are saved to the course file')}
      >
        {status}
      </span>
      <Button
        size="sm"
        variant="ghost"
        disabled={!state.undo}
        title={state.undo ? `Undo: ${state.undo} (Ctrl+Z)` : 'Nothing to undo'}
        data-testid="undo"
        onClick={() => void useEdit.getState().undo()}
      >
        Undo
      </Button>
      <Button
        size="sm"
        variant="ghost"
        disabled={!state.redo}
        title={state.redo ? `Redo: ${state.redo} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        data-testid="redo"
        onClick={() => void useEdit.getState().redo()}
      >
        Redo
      </Button>
      <Button
        size="sm"
        variant={state.dirty && state.saveable ? 'primary' : 'secondary'}
        disabled={!state.dirty || !state.saveable || !!state.conflict}
        busy={busy && state.dirty}
        title={state.readOnly ?? 'Save the course file (Ctrl+S)'}
        data-testid="save"
        onClick={() => void useEdit.getState().save()}
      >
        Save
      </Button>
      {stale && (
        <span className="stale-cost" data-testid="stale-cost" title="Renders made before the last edits: Generate (or Enter on a cell) renders them again">
          {stale}
        </span>
      )}
    </div>
  );
}
