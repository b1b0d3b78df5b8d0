import { useDeferredValue, useMemo } from 'react';
import type { CourseView, RenderCell } from '../../../../shared/ipc/contract';
import { cellKey, NOT_RENDERED } from '../../lib/cells';
import { hasQa } from '../../lib/qaText';
import { useCells } from '../../store/cells';
import { useCourse } from '../../store/course';
import { useUi, type TableFilter } from '../../store/ui';

export type Phrase = CourseView['phrases'][number];

/**
 * The phrases the table shows, after the filter bar. The cell map is consulted (and the list
 * recomputed as cells change) only while "failed only", "pending only" or "QA" is on; otherwise a run
 * updating thousands of cells does not touch this list at all.
 */
export function useVisiblePhrases(): Phrase[] {
  const course = useCourse((s) => s.course);
  const failedOnly = useUi((s) => s.filter.failedOnly);
  const pendingOnly = useUi((s) => s.filter.pendingOnly);
  const qaOnly = useUi((s) => s.filter.qaOnly);
  const lesson = useUi((s) => s.filter.lesson);
  // Typing in the search box stays responsive on 10,000 phrases: the list catches up a frame later.
  const search = useDeferredValue(useUi((s) => s.filter.search));
  const byStatus = failedOnly || pendingOnly || qaOnly;
  // The cell map is mutated in place; its version names its content. -1: no status filter, so cell
  // updates (thousands during a run) leave this list alone.
  const cellsVersion = useCells((s) => (byStatus ? s.version : -1));
  return useMemo(() => {
    if (!course) return [];
    const cells = cellsVersion >= 0 ? useCells.getState().cells : null;
    return filterPhrases(course, { failedOnly, pendingOnly, qaOnly, lesson, search }, cells);
  }, [course, failedOnly, pendingOnly, qaOnly, lesson, search, cellsVersion]);
}

export function filterPhrases(course: CourseView, filter: TableFilter, cells: Map<string, RenderCell> | null): Phrase[] {
  const needle = filter.search.trim().toLocaleLowerCase();
  const variants = course.variants.map((v) => v.id);
  const statusOf = (phraseId: string, variantId: string): RenderCell['status'] => cells?.get(cellKey(phraseId, variantId))?.status ?? 'pending';
  if (!needle && !filter.lesson && !cells) return course.phrases;
  return course.phrases.filter((phrase) => {
    if (filter.lesson && phrase.lesson !== filter.lesson) return false;
    if (needle && !phrase.id.toLocaleLowerCase().includes(needle) && !phrase.known.toLocaleLowerCase().includes(needle) && !phrase.target.toLocaleLowerCase().includes(needle))
      return false;
    if (filter.failedOnly && !variants.some((v) => statusOf(phrase.id, v) === 'failed')) return false;
    if (filter.pendingOnly && !variants.some((v) => NOT_RENDERED.has(statusOf(phrase.id, v)))) return false;
    if (filter.qaOnly && !variants.some((v) => hasQa(cells?.get(cellKey(phrase.id, v))))) return false;
    return true;
  });
}
