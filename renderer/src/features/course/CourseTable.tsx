import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { formatRate } from '../../lib/format';
import { markTableInteractive, tableAwaited } from '../../lib/perfMarks';
import { voiceLabel } from '../../lib/voices';
import { useCourse } from '../../store/course';
import { useUi } from '../../store/ui';
import { ConflictBanner } from '../edit/ConflictBanner';
import { FilterBar } from './FilterBar';
import { PhraseDetail } from './PhraseDetail';
import { PhraseRow } from './PhraseRow';
import { useTableArrows } from './useTableArrows';
import { useVisiblePhrases } from './visiblePhrases';

export const ROW_HEIGHT = 40;

/** The course: one row per phrase, one column per variant. Only the rows on screen exist in the DOM. */
export function CourseTable(): React.JSX.Element | null {
  const course = useCourse((s) => s.course);
  const phrases = useVisiblePhrases();
  const clearFilter = useUi((s) => s.clearFilter);
  const scrollRef = useRef<HTMLDivElement>(null);
  const variantIds = useMemo(() => course?.variants.map((v) => v.id) ?? [], [course]);

  const virtualizer = useVirtualizer({
    count: phrases.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // Rows have a fixed height; React 19 warns about flushSync during scroll, and we do not need it.
    useFlushSync: false,
  });

  useTableArrows(phrases, variantIds, (index) => virtualizer.scrollToIndex(index, { align: 'auto' }), scrollRef);

  // The first commit with rows of a course that just arrived: on the next frame (painted, handlers
  // attached) the table is interactive. A User Timing mark for the benchmark; see lib/perfMarks.ts.
  const renderedRows = virtualizer.getVirtualItems().length;
  useEffect(() => {
    if (!course || renderedRows === 0 || !tableAwaited()) return;
    const frame = requestAnimationFrame(() => markTableInteractive(renderedRows));
    return () => cancelAnimationFrame(frame);
  }, [course, renderedRows]);

  // The filter changed under a scrolled list, or another course came: start again from the top.
  const filter = useUi((s) => s.filter);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0, left: 0 });
  }, [filter.search, filter.lesson, filter.failedOnly, filter.pendingOnly, course?.id, course?.file]);

  const hasNotes = useMemo(() => course?.phrases.some((p) => !!p.notes) ?? false, [course]);
  const showNotes = useUi((s) => s.showNotes) && hasNotes;

  if (!course) return null;
  const notesColumn = showNotes ? ' minmax(140px, 1fr)' : '';
  const columns = `var(--col-id) var(--col-lesson) minmax(150px, 1fr) minmax(170px, 1.2fr)${notesColumn} repeat(${variantIds.length}, var(--col-variant))`;
  const fixedColumns = showNotes ? 5 : 4;

  return (
    <section className="table-section" aria-label="Course table">
      <ConflictBanner />
      <FilterBar shown={phrases.length} hasNotes={hasNotes} />
      <div
        ref={scrollRef}
        className="table-scroll"
        role="grid"
        aria-label={`Phrases of ${course.title}`}
        aria-rowcount={phrases.length + 1}
        aria-colcount={fixedColumns + variantIds.length}
        tabIndex={0}
        data-testid="course-table"
        style={{ ['--columns' as string]: columns }}
      >
        <div role="rowgroup" className="thead">
          <div role="row" aria-rowindex={1} className="tr tr-head">
            <div role="columnheader" className="th">
              Id
            </div>
            <div role="columnheader" className="th">
              Lesson
            </div>
            <div role="columnheader" className="th">
              Known <span className="th-sub">{course.languages.known}</span>
            </div>
            <div role="columnheader" className="th">
              Target <span className="th-sub">{course.languages.target}</span>
            </div>
            {showNotes && (
              <div role="columnheader" className="th" data-testid="notes-header">
                Notes
              </div>
            )}
            {course.variants.map((variant) => (
              <div
                role="columnheader"
                className="th th-variant"
                key={variant.id}
                title={`${variant.text} text, voice role "${variant.voice}" (${course.voices[variant.voice] ?? 'unassigned'}), ${formatRate(variant.rate)}`}
              >
                <span className="th-variant-name">{variant.id}</span>
                <span className="th-sub num">
                  {voiceLabel(course.voices[variant.voice])} · {formatRate(variant.rate)}
                </span>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const phrase = phrases[item.index]!;
            return <PhraseRow key={phrase.id} phrase={phrase} variantIds={variantIds} rowIndex={item.index} top={item.start} notes={showNotes} />;
          })}
        </div>
        {phrases.length === 0 && (
          <div className="table-empty">
            <p>No phrases match the filter.</p>
            <button type="button" className="link-btn" onClick={clearFilter}>
              Clear the filter
            </button>
          </div>
        )}
      </div>
      <PhraseDetail />
    </section>
  );
}
