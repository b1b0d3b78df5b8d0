import type { KeyboardEvent } from 'react';
import { AuditionPanel } from '../features/audition/AuditionPanel';
import { PoolPanel } from '../features/pool/PoolPanel';
import { RunPanel } from '../features/run/RunPanel';
import { CoursePanel } from '../features/setup/CoursePanel';
import { SettingsPanel } from '../features/settings/SettingsPanel';
import { TracksPanel } from '../features/tracks/TracksPanel';
import { formatCount } from '../lib/format';
import { useRun } from '../store/run';
import { useUi, type PanelTab } from '../store/ui';

const TABS: ReadonlyArray<{ id: PanelTab; label: string }> = [
  { id: 'run', label: 'Run' },
  { id: 'pool', label: 'Pool' },
  { id: 'audition', label: 'Audition' },
  { id: 'course', label: 'Course' },
  { id: 'tracks', label: 'Tracks' },
  { id: 'settings', label: 'Settings' },
];

/** The right panel's tabs. Only the open tab is mounted; each keeps its state in the stores. */
export function RightPanel(): React.JSX.Element {
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const failed = useRun((s) => s.run.progress.failed);

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <aside className="side">
      <div className="tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'tab is-on' : 'tab'}
            onClick={() => setTab(t.id)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.id === 'run' && failed > 0 && (
              <span className="tab-badge num" aria-label={`${failed} failed`}>
                {formatCount(failed)}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'run' && <RunPanel />}
        {tab === 'pool' && <PoolPanel />}
        {tab === 'audition' && <AuditionPanel />}
        {tab === 'course' && <CoursePanel />}
        {tab === 'tracks' && <TracksPanel />}
        {tab === 'settings' && <SettingsPanel />}
      </div>
    </aside>
  );
}
