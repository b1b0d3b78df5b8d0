import { usePool } from '../../store/pool';
import { useRun } from '../../store/run';
import { useSettings } from '../../store/settings';
import { useUi } from '../../store/ui';
import { engineHealth } from './engineHealth';

/** The engine in use with a status dot (shape of the dot and text say the same as its colour). */
export function EngineBadge(): React.JSX.Element {
  const settings = useSettings((s) => s.settings);
  const run = useRun((s) => s.run);
  const throttlePerMinute = usePool((s) => s.pool.throttlePerMinute);
  const setTab = useUi((s) => s.setTab);
  const health = engineHealth(settings, run, { throttlePerMinute });
  const name = !settings ? 'No engine' : settings.engine === 'azure' ? `Azure · ${settings.azure.host || settings.azure.region || 'no region'}` : 'Offline · eSpeak';
  return (
    <button
      type="button"
      className="engine-badge"
      onClick={() => setTab('settings')}
      title={`${health.text}. Click for engine settings.`}
      data-testid="engine-badge"
      data-health={health.text}
    >
      <span className={`dot dot-${health.tone}`} aria-hidden="true" />
      <span className="engine-name">{name}</span>
      <span className="visually-hidden">{health.text}</span>
    </button>
  );
}
