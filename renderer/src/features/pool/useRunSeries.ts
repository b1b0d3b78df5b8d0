import { useMemo } from 'react';
import { runSeries } from '../../lib/throughputSeries';
import { usePool } from '../../store/pool';

/** Renders per second of the current run only (see lib/throughputSeries.ts), for both charts. */
export function useRunSeries(): number[] {
  const throughput = usePool((s) => s.pool.throughput);
  const samplesTaken = usePool((s) => s.pool.samplesTaken);
  const start = usePool((s) => s.seriesStart);
  return useMemo(() => runSeries({ throughput, samplesTaken }, start), [throughput, samplesTaken, start]);
}
