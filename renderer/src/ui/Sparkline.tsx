interface SparklineProps {
  values: readonly number[];
  width?: number;
  height?: number;
  label: string;
  /** Draw the scale (max value) and a baseline: for the bigger chart in the Pool tab. */
  axes?: boolean;
  unit?: string;
  testId?: string;
  /** The top of the y-axis; default the series' own peak (at least 1). */
  max?: number;
}

/** An area sparkline in SVG. Scales to the container's width (viewBox), so it stays crisp. */
export function Sparkline({ values, width = 300, height = 48, label, axes = false, unit = '', testId, max: top }: SparklineProps): React.JSX.Element {
  const pad = axes ? 14 : 2;
  const max = top ?? Math.max(1, ...values);
  const n = values.length;
  const x = (i: number): number => (n <= 1 ? width : (i / (n - 1)) * width);
  const y = (v: number): number => pad + (1 - v / max) * (height - pad - 2);
  const line = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = n > 0 ? `${line} L${x(n - 1).toFixed(1)},${height} L${x(0).toFixed(1)},${height} Z` : '';
  const latest = values[n - 1] ?? 0;
  const peak = Math.max(0, ...values);

  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: now ${latest.toFixed(1)}${unit}, peak ${peak.toFixed(1)}${unit}`}
      data-testid={testId}
      data-points={n}
      data-max={max}
    >
      {axes && (
        <g className="sparkline-grid">
          <line x1="0" x2={width} y1={y(max)} y2={y(max)} />
          <line x1="0" x2={width} y1={y(max / 2)} y2={y(max / 2)} />
          <line x1="0" x2={width} y1={height - 1} y2={height - 1} />
        </g>
      )}
      {n > 1 ? (
        <>
          <path className="sparkline-area" d={area} />
          <path className="sparkline-line" d={line} vectorEffect="non-scaling-stroke" />
        </>
      ) : (
        <line className="sparkline-line is-flat" x1="0" x2={width} y1={height - 2} y2={height - 2} vectorEffect="non-scaling-stroke" />
      )}
    </svg>
  );
}
