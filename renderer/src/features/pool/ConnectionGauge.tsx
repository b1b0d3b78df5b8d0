import type { PoolGauges } from '../../../../shared/ipc/contract';
import { formatCount } from '../../lib/format';

/**
 * Connections against the pool's maximum: in use (solid), idle (light), and the adaptive limit as a
 * marker that slides left when the service throttles us and back right as it recovers.
 */
export function ConnectionGauge({ pool }: { pool: PoolGauges }): React.JSX.Element {
  const max = Math.max(1, pool.max, pool.inUse + pool.idle, pool.limit);
  const pct = (n: number): string => `${Math.min(100, (100 * n) / max)}%`;
  const throttledDown = pool.max > 0 && pool.limit < pool.max;
  return (
    <div className="conn-gauge">
      <div className="conn-numbers">
        <Big label="In use" value={pool.inUse} testId="gauge-in-use" />
        <Big label="Idle" value={pool.idle} testId="gauge-idle" />
        <Big label="Max" value={pool.max} testId="gauge-max" />
        <Big label="Limit" value={pool.limit} testId="gauge-limit" tone={throttledDown ? 'warn' : undefined} />
      </div>
      <div
        className="conn-bar"
        role="meter"
        aria-label="Connections in use"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={pool.inUse}
        aria-valuetext={`${pool.inUse} in use, ${pool.idle} idle, limit ${pool.limit} of ${pool.max}`}
      >
        <span className="conn-inuse" style={{ width: pct(pool.inUse) }} />
        <span className="conn-idle" style={{ width: pct(pool.idle) }} />
        <span className={`conn-limit${throttledDown ? ' is-down' : ''}`} style={{ left: pct(pool.limit) }} data-testid="limit-marker" title={`Adaptive limit: ${pool.limit}`} />
      </div>
      <div className="conn-legend small muted">
        <span>
          <i className="legend-swatch conn-inuse" /> in use
        </span>
        <span>
          <i className="legend-swatch conn-idle" /> idle
        </span>
        <span>
          <i className="legend-swatch legend-limit" /> adaptive limit{throttledDown ? ', backed off' : ''}
        </span>
      </div>
    </div>
  );
}

function Big({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: 'warn' }): React.JSX.Element {
  return (
    <div className={tone ? `big big-${tone}` : 'big'}>
      <div className="big-value num" data-testid={testId}>
        {formatCount(value)}
      </div>
      <div className="big-label">{label}</div>
    </div>
  );
}
