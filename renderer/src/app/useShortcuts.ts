import { useEffect } from 'react';
import { playPauseSelected, rerenderSelected } from '../features/course/cellActions';
import { SEARCH_INPUT_ID } from '../features/course/FilterBar';
import { generateShortcut } from '../features/run/runCommands';
import { useCourse } from '../store/course';
import { useEdit } from '../store/edit';
import { isTypingTarget } from './keyboardTargets';

/**
 * The studio's keys: Space play/pause, Enter re-render the selected cell, Ctrl+G generate,
 * Ctrl+F search, Ctrl+S save, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo / redo edits (arrows live with
 * the table; Enter on a text cell edits it). Text fields keep their own keys, and Enter on a
 * button still presses the button.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && editShortcut(event)) return;
      if (mod && !event.altKey && !event.shiftKey) {
        const key = event.key.toLowerCase();
        if (key === 'f') {
          event.preventDefault();
          const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
          input?.focus();
          input?.select();
        } else if (key === 'g' && useCourse.getState().course) {
          event.preventDefault();
          generateShortcut();
        }
        return;
      }
      if (mod || event.altKey || isTypingTarget(event.target)) return;
      if ((event.key === ' ' || event.code === 'Space') && !isToggle(event.target)) {
        // Space is the studio's play key everywhere but in text fields and toggles, even on a focused
        // button (Enter still presses buttons): producers keep one hand on Space all afternoon.
        event.preventDefault();
        playPauseSelected();
      } else if (event.key === 'Enter' && !isControl(event.target)) {
        event.preventDefault();
        void rerenderSelected();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Ctrl+S anywhere; Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside text fields (which undo their own typing). */
function editShortcut(event: KeyboardEvent): boolean {
  if (!useCourse.getState().course) return false;
  const key = event.key.toLowerCase();
  if (key === 's' && !event.shiftKey) {
    event.preventDefault();
    void useEdit.getState().save();
    return true;
  }
  if (isTypingTarget(event.target) || (key !== 'z' && key !== 'y')) return false;
  event.preventDefault();
  if (key === 'y' || event.shiftKey) void useEdit.getState().redo();
  else void useEdit.getState().undo();
  return true;
}

function isControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return ['BUTTON', 'A', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY'].includes(target.tagName) || target.getAttribute('role') === 'tab';
}

/** Checkboxes, radios and tabs keep Space for themselves (keyboard users toggle them with it). */
function isToggle(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return true;
  return ['tab', 'radio', 'checkbox', 'switch', 'option'].includes(target.getAttribute('role') ?? '');
}
