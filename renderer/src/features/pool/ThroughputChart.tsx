import { Sparkline } from '../../ui/Sparkline';

/** Renders per second over the last two minutes, with its scale. */
export function ThroughputChart({ values }: { values: readonly number[] }): React.JSX.Element {
  const max = Math.max(1, ...values);
  const latest = values[values.length - 1] ?? 0;
  return (
    <div className="chart">
      <div className="chart-scale small muted num" aria-hidden="true">
        <span>{max.toFixed(max < 10 ? 1 : 0)}/s</span>
        <span>{(max / 2).toFixed(max < 10 ? 1 : 0)}</span>
        <span>0</span>
      </div>
      <div className="chart-plot">
        <Sparkline values={values} height={96} axes label="Renders per second" unit="/s" testId="pool-chart" />
        <div className="chart-foot small muted">
          <span>−{Math.max(1, values.length)} s</span>
          <span className="num">now {latest.toFixed(1)}/s</span>
        </div>
      </div>
    </div>
  );
}
