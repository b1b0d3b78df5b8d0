import { axisLabel, chartCeiling } from '../../lib/throughputSeries';
import { Sparkline } from '../../ui/Sparkline';

/** Renders per second of the current run, with its scale (scaled to this run's peak, not an earlier one's). */
export function ThroughputChart({ values }: { values: readonly number[] }): React.JSX.Element {
  const max = chartCeiling(values);
  const latest = values[values.length - 1] ?? 0;
  return (
    <div className="chart">
      <div className="chart-scale small muted num" aria-hidden="true" data-testid="pool-chart-scale" data-max={max}>
        <span>{axisLabel(max)}/s</span>
        <span>{axisLabel(max / 2)}</span>
        <span>0</span>
      </div>
      <div className="chart-plot">
        <Sparkline values={values} max={max} height={96} axes label="Renders per second" unit="/s" testId="pool-chart" />
        <div className="chart-foot small muted">
          <span>{values.length > 0 ? `this run, −${values.length} s` : 'No run yet'}</span>
          <span className="num">now {latest.toFixed(1)}/s</span>
        </div>
      </div>
    </div>
  );
}
