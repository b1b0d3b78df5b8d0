import { useMemo } from 'react';
import { runSeries } from '../../lib/throughputSeries';
import { usePool } from '../../store/pool';

/** Renders per second of the current run only (see lib/throughputSeries.ts), for both charts. */
export function useRunSeries(): number[] {
  const throughput = usePool((s) => s.pool.throughput);
  const samplesTaken = usePool((s) => s.pool.samplesTaken);
  const runSamplesFrom = usePool((s) => s.pool.runSamplesFrom);
  const runsStarted = usePool((s) => s.pool.runsStarted);
  const hidden = usePool((s) => s.hiddenRun);
  return useMemo(() => runSeries({ throughput, samplesTaken, runSamplesFrom, runsStarted }, hidden), [throughput, samplesTaken, runSamplesFrom, runsStarted, hidden]);
}
