import { useEffect } from 'react';
import { useCourse } from '../store/course';
import { isLive, useRun } from '../store/run';

/** "42% · Spanish Starter — Course Audio Studio" while a run is live: visible in the taskbar and window switcher. */
export function useWindowTitle(): void {
  const title = useCourse((s) => s.course?.title);
  const state = useRun((s) => s.run.state);
  const percent = useRun((s) => {
    const { total, done, cached } = s.run.progress;
    return total > 0 ? Math.floor((100 * (done + cached)) / total) : 0;
  });
  useEffect(() => {
    const base = title ? `${title} — Course Audio Studio` : 'Course Audio Studio';
    const prefix = state === 'paused' ? `Paused ${percent}% · ` : isLive(state) ? `${percent}% · ` : '';
    document.title = prefix + base;
  }, [title, state, percent]);
}
