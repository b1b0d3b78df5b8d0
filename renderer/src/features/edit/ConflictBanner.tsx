import { useEdit } from '../../store/edit';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';

/** The course file changed on disk while edits are unsaved (or a save found it changed): the producer chooses. */
export function ConflictBanner(): React.JSX.Element | null {
  const conflict = useEdit((s) => s.state.conflict);
  if (!conflict) return null;
  return (
    <div className="conflict-banner" role="alert" data-testid="conflict-banner">
      <Icon name="alert" size={16} />
      <span className="conflict-message" data-testid="conflict-message">
        {conflict.message} Nothing was written over it.
      </span>
      <Button
        size="sm"
        variant="secondary"
        data-testid="conflict-theirs"
        title="Reload the file as it is on disk; your unsaved edits are dropped"
        onClick={() => void useEdit.getState().resolveConflict('theirs')}
      >
        Take theirs
      </Button>
      <Button size="sm" variant="danger" data-testid="conflict-mine" title="Write your edits over the file on disk" onClick={() => void useEdit.getState().resolveConflict('mine')}>
        Keep mine
      </Button>
    </div>
  );
}
