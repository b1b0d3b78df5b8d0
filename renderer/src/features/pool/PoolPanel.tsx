import { formatCount, formatLatency, formatTimeOfDay } from '../../lib/format';
import { describePoolMax } from '../../lib/poolText';
import { usePool } from '../../store/pool';
import { useSettings } from '../../store/settings';
import { ConnectionGauge } from './ConnectionGauge';
import { ThroughputChart } from './ThroughputChart';
import { useRunSeries } from './useRunSeries';

/** Right panel, "Pool" tab: the synthesizer pool and the adaptive limit, live. */
export function PoolPanel(): React.JSX.Element {
  const pool = usePool((s) => s.pool);
  const series = useRunSeries();
  const settingsMax = useSettings((s) => s.settings?.maxConnections);
  const { text, learned } = describePoolMax(pool, settingsMax);
  // Only worth a line when it says more than the number in the gauge.
  const maxNote = text === String(pool.max) ? null : text;
  const engineName = pool.engine === 'azure' ? 'Azure connections' : pool.engine === 'offline' ? 'eSpeak workers' : 'Connections';
  return (
    <div className="panel-body" data-testid="pool-panel">
      <section className="panel-section" aria-labelledby="conn-title">
        <div className="section-head">
          <h3 id="conn-title">{engineName}</h3>
          {pool.waiters > 0 && <span className="badge num">{formatCount(pool.waiters)} waiting</span>}
        </div>
        <ConnectionGauge pool={pool} />
        {maxNote && (
          <p className={learned ? 'pool-max-note small tone-warn' : 'pool-max-note small muted'} data-testid="gauge-max-note">
            Max {maxNote}
          </p>
        )}
      </section>
      <section className="panel-section">
        <dl className="stat-grid">
          <Stat label="Waiting for a connection" value={formatCount(pool.waiters)} testId="gauge-waiters" />
          <Stat label="Opened in total" value={formatCount(pool.opened)} testId="gauge-opened" />
          <Stat label="Closed or dropped" value={formatCount(pool.closed)} testId="gauge-closed" />
          {pool.refusedConnections !== undefined && (
            <Stat label="Refused by the service" value={formatCount(pool.refusedConnections)} testId="gauge-refused" tone={pool.refusedConnections > 0 ? 'warn' : undefined} />
          )}
          {pool.droppedConnections !== undefined && (
            <Stat label="Dropped (broken)" value={formatCount(pool.droppedConnections)} testId="gauge-dropped" tone={pool.droppedConnections > 0 ? 'warn' : undefined} />
          )}
          {pool.openFailures !== undefined && (
            <Stat label="Failed to open" value={formatCount(pool.openFailures)} testId="gauge-open-failures" tone={pool.openFailures > 0 ? 'warn' : undefined} />
          )}
          <Stat
            label="Throttled / min"
            value={pool.throttlePerMinute.toFixed(pool.throttlePerMinute % 1 ? 1 : 0)}
            testId="gauge-throttle"
            hint={`${formatCount(pool.throttleEvents)} in total`}
            tone={pool.throttlePerMinute > 0 ? 'warn' : undefined}
          />
          <div className="stat">
            <dt>Latency p50 / p95</dt>
            <dd className="num">
              <span data-testid="gauge-p50">{pool.latencyP50Ms > 0 ? formatLatency(pool.latencyP50Ms) : '—'}</span>
              <span className="muted"> / </span>
              <span data-testid="gauge-p95">{pool.latencyP95Ms > 0 ? formatLatency(pool.latencyP95Ms) : '—'}</span>
            </dd>
          </div>
        </dl>
      </section>
      <section className="panel-section" aria-labelledby="pool-tp-title">
        <div className="section-head">
          <h3 id="pool-tp-title">Throughput</h3>
        </div>
        <ThroughputChart values={series} />
      </section>
      <section className="panel-section" aria-labelledby="last-event-title">
        <div className="section-head">
          <h3 id="last-event-title">Last throttle or error</h3>
        </div>
        {pool.lastEvent ? (
          <div className="last-event" data-testid="last-event">
            <div className="last-event-head">
              <span className="badge badge-warn">{pool.lastEvent.kind}</span>
              <time className="muted num" dateTime={new Date(pool.lastEvent.atMs).toISOString()}>
                {formatTimeOfDay(pool.lastEvent.atMs)}
              </time>
            </div>
            <p className="last-event-message">{pool.lastEvent.message}</p>
          </div>
        ) : (
          <p className="muted small" data-testid="last-event">
            None so far.
          </p>
        )}
      </section>
    </div>
  );
}

function Stat({ label, value, testId, hint, tone }: { label: string; value: string; testId: string; hint?: string; tone?: 'warn' }): React.JSX.Element {
  return (
    <div className={tone ? `stat stat-${tone}` : 'stat'}>
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="stat-hint small muted num">{hint}</dd>}
    </div>
  );
}
