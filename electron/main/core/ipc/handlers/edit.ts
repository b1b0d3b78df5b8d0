import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** edit:*: phrase edits, undo/redo, save and the conflict choice (the edit room, course-editor.ts). */
export function editHandlers(service: StudioService): Pick<InvokeHandlers, 'edit:apply' | 'edit:undo' | 'edit:redo' | 'edit:save' | 'edit:resolveConflict' | 'edit:state'> {
  const { editor } = service;
  return {
    'edit:apply': ({ edit }) => editor.applyPhraseEdit(edit),
    'edit:undo': () => editor.undo(),
    'edit:redo': () => editor.redo(),
    'edit:save': () => editor.save(),
    'edit:resolveConflict': ({ keep }) => editor.resolveConflict(keep),
    'edit:state': () => editor.state(),
  };
}
