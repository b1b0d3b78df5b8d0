import { usePool } from '../../store/pool';
import { useRun } from '../../store/run';
import { useSettings } from '../../store/settings';
import { useUi } from '../../store/ui';

type Health = { tone: 'ok' | 'busy' | 'warn' | 'bad' | 'off'; text: string };

/** The engine in use with a status dot (shape of the dot and text say the same as its colour). */
export function EngineBadge(): React.JSX.Element {
  const settings = useSettings((s) => s.settings);
  const runState = useRun((s) => s.run.state);
  const hold = useRun((s) => s.run.hold);
  const stopReason = useRun((s) => s.run.stopReason);
  const recentThrottle = usePool((s) => s.pool.throttlePerMinute > 0);
  const setTab = useUi((s) => s.setTab);

  let name = 'No engine';
  let health: Health = { tone: 'off', text: 'Loading settings' };
  if (settings) {
    const azure = settings.engine === 'azure';
    name = azure ? `Azure · ${settings.azure.host || settings.azure.region || 'no region'}` : 'Offline · eSpeak';
    // A custom host (a speech container) may need no key; the cloud always does.
    if (azure && !settings.azure.keySet && !settings.azure.host) health = { tone: 'bad', text: 'No Azure key: add one in Settings' };
    else if (runState === 'stopped' && stopReason) health = { tone: 'bad', text: stopReason };
    else if (hold) health = { tone: 'warn', text: 'Waiting for the service' };
    else if (runState === 'running' && recentThrottle) health = { tone: 'warn', text: 'Rendering, the service is throttling' };
    else if (runState === 'running') health = { tone: 'busy', text: 'Rendering' };
    else health = { tone: 'ok', text: 'Ready' };
  }
  return (
    <button type="button" className="engine-badge" onClick={() => setTab('settings')} title={`${health.text}. Click for engine settings.`} data-testid="engine-badge">
      <span className={`dot dot-${health.tone}`} aria-hidden="true" />
      <span className="engine-name">{name}</span>
      <span className="visually-hidden">{health.text}</span>
    </button>
  );
}
