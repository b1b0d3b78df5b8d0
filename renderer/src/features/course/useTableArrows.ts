import { useEffect, useRef, type RefObject } from 'react';
import { useUi } from '../../store/ui';
import { isTypingTarget } from '../../app/keyboardTargets';
import type { Phrase } from './visiblePhrases';

const PAGE = 10;

/**
 * Arrow keys move the selected cell through the visible (filtered) rows; PageUp/PageDown jump ten
 * rows, Home/End go to the ends. The virtualizer scrolls the new row into view.
 */
export function useTableArrows(phrases: Phrase[], variantIds: readonly string[], scrollToIndex: (index: number) => void, gridRef: RefObject<HTMLDivElement | null>): void {
  // The listener is attached once; it reads the latest rows through refs.
  const latest = useRef({ phrases, variantIds, scrollToIndex });
  latest.current = { phrases, variantIds, scrollToIndex };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target) || !ownsArrows(event.target, gridRef.current)) return;
      const { phrases: rows, variantIds: cols, scrollToIndex: scroll } = latest.current;
      if (rows.length === 0 || cols.length === 0) return;
      const selection = useUi.getState().selection;
      let row = selection ? rows.findIndex((p) => p.id === selection.phraseId) : -1;
      let col = selection ? Math.max(0, cols.indexOf(selection.variantId)) : 0;
      const start = row < 0;
      switch (event.key) {
        case 'ArrowDown':
          row = start ? 0 : Math.min(rows.length - 1, row + 1);
          break;
        case 'ArrowUp':
          row = start ? 0 : Math.max(0, row - 1);
          break;
        case 'ArrowRight':
          row = Math.max(0, row);
          col = start ? 0 : Math.min(cols.length - 1, col + 1);
          break;
        case 'ArrowLeft':
          row = Math.max(0, row);
          col = start ? 0 : Math.max(0, col - 1);
          break;
        case 'PageDown':
          row = Math.min(rows.length - 1, Math.max(0, row) + PAGE);
          break;
        case 'PageUp':
          row = Math.max(0, row - PAGE);
          break;
        case 'Home':
          row = 0;
          break;
        case 'End':
          row = rows.length - 1;
          break;
        default:
          return;
      }
      event.preventDefault();
      useUi.getState().select({ phraseId: rows[row]!.id, variantId: cols[col]! });
      scroll(row);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [gridRef]);
}

/** Arrows belong to the table when focus is on it or on nothing in particular (not on tabs, radios or sliders). */
function ownsArrows(target: EventTarget | null, grid: HTMLElement | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target === document.body || target === grid || grid?.contains(target)) return true;
  const role = target.getAttribute('role');
  return target.tagName === 'BUTTON' && role !== 'tab' && role !== 'radio';
}
