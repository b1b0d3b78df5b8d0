import { useMemo } from 'react';
import { formatCount } from '../../lib/format';
import { countQaCells } from '../../lib/qaText';
import { useCells } from '../../store/cells';
import { useCourse } from '../../store/course';
import { useRun } from '../../store/run';
import { useUi } from '../../store/ui';
import { Icon } from '../../ui/Icon';

export const SEARCH_INPUT_ID = 'table-search';

/** Search, "failed only", "pending only", "QA" (renders flagged near-silent, truncated or runaway) and lesson, above the table. */
export function FilterBar({ shown, hasNotes }: { shown: number; hasNotes: boolean }): React.JSX.Element {
  const filter = useUi((s) => s.filter);
  const setFilter = useUi((s) => s.setFilter);
  const clearFilter = useUi((s) => s.clearFilter);
  const lessons = useCourse((s) => s.lessons);
  const total = useCourse((s) => s.course?.phrases.length ?? 0);
  const failed = useRun((s) => s.run.progress.failed);
  const showNotes = useUi((s) => s.showNotes);
  const setShowNotes = useUi((s) => s.setShowNotes);
  const cellsVersion = useCells((s) => s.version);
  // One pass over the cell map per batch of changes; QA flags arrive when a run ends or a course opens.
  const flagged = useMemo(() => (cellsVersion >= 0 ? countQaCells(useCells.getState().cells) : 0), [cellsVersion]);
  const filtered = filter.search !== '' || filter.failedOnly || filter.pendingOnly || filter.qaOnly || filter.lesson !== '';

  return (
    <div className="filterbar" role="search">
      <label className="search-field">
        <Icon name="search" size={14} />
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          placeholder="Search id, known or target text"
          aria-label="Search phrases"
          value={filter.search}
          onChange={(e) => setFilter({ search: e.currentTarget.value })}
          onKeyDown={(e) => {
            // Escape leaves the box (and clears it when already empty) so the table keys work again.
            if (e.key === 'Escape') {
              if (filter.search) setFilter({ search: '' });
              else e.currentTarget.blur();
            }
          }}
          data-testid="search"
        />
        <kbd className="kbd">Ctrl F</kbd>
      </label>
      <label className={filter.failedOnly ? 'chip is-on' : 'chip'}>
        <input type="checkbox" checked={filter.failedOnly} onChange={(e) => setFilter({ failedOnly: e.currentTarget.checked })} data-testid="filter-failed" />
        Failed only
        {failed > 0 && <span className="chip-count num">{formatCount(failed)}</span>}
      </label>
      <label className={filter.pendingOnly ? 'chip is-on' : 'chip'}>
        <input type="checkbox" checked={filter.pendingOnly} onChange={(e) => setFilter({ pendingOnly: e.currentTarget.checked })} data-testid="filter-pending" />
        Pending only
      </label>
      <label className={filter.qaOnly ? 'chip is-on' : 'chip'} title="Only phrases with a render flagged near-silent, truncated or runaway">
        <input type="checkbox" checked={filter.qaOnly} onChange={(e) => setFilter({ qaOnly: e.currentTarget.checked })} data-testid="filter-qa" />
        QA
        {flagged > 0 && (
          <span className="chip-count is-warn num" data-testid="qa-count">
            {formatCount(flagged)}
          </span>
        )}
      </label>
      {lessons.length > 0 && (
        <select className="select" aria-label="Lesson" value={filter.lesson} onChange={(e) => setFilter({ lesson: e.currentTarget.value })} data-testid="filter-lesson">
          <option value="">All lessons</option>
          {lessons.map((lesson) => (
            <option key={lesson} value={lesson}>
              {lesson}
            </option>
          ))}
        </select>
      )}
      {hasNotes && (
        <label className={showNotes ? 'chip is-on' : 'chip'}>
          <input type="checkbox" checked={showNotes} onChange={(e) => setShowNotes(e.currentTarget.checked)} data-testid="toggle-notes" />
          Notes
        </label>
      )}
      <div className="filterbar-spacer" />
      <span className="muted num" data-testid="shown-count">
        {filtered ? `${formatCount(shown)} of ${formatCount(total)} phrases` : `${formatCount(total)} phrases`}
      </span>
      {filtered && (
        <button type="button" className="link-btn" onClick={clearFilter}>
          Clear
        </button>
      )}
    </div>
  );
}
