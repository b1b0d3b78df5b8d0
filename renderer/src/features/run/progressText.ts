import type { RunProgress } from '../../../../shared/model/progress';
import { formatCount } from '../../lib/format';

/** The Run tab's headline figures: percent on disk (floored: 100 % only when all is), finished, pace. */
export function summarizeProgress(progress: RunProgress): { pct: number; finished: number; perMinute: string } {
  const { total, done, cached, failed } = progress;
  const perMinute = progress.rendersPerSecond * 60;
  return {
    pct: total > 0 ? Math.floor((100 * (done + cached)) / total) : 0,
    finished: done + cached + failed,
    perMinute: perMinute >= 10 ? formatCount(perMinute) : perMinute.toFixed(1),
  };
}
