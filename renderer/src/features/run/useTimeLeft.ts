import { useMemo } from 'react';
import { useRun } from '../../store/run';
import { useRunSeries } from '../pool/useRunSeries';
import { formatTimeLeft, timeLeft, type TimeLeft } from './timeLeft';

/** The time left as the top bar and the Run tab both show it (see timeLeft.ts). */
export function useTimeLeft(): { left: TimeLeft; text: string } {
  const run = useRun((s) => s.run);
  const estimate = useRun((s) => s.estimate);
  const series = useRunSeries();
  return useMemo(() => {
    const left = timeLeft({ run, estimatedMs: estimate?.estimatedMs ?? null, estimateEta: estimate?.eta ?? null, toRender: estimate?.toRender ?? 0, series });
    return { left, text: formatTimeLeft(left) };
  }, [run, estimate, series]);
}
