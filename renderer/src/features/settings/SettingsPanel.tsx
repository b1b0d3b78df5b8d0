import { useState } from 'react';
import type { SettingsView } from '../../../../shared/ipc/contract';
import { DEFAULT_PRICE_PER_MILLION_CHARS } from '../../../../shared/model/pricing';
import { SETTINGS_LIMITS } from '../../../../shared/model/settings-limits';
import { invoke } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { useSettings } from '../../store/settings';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';
import { Segmented } from '../../ui/Segmented';
import { Spinner } from '../../ui/Spinner';
import { AzureTierField } from './AzureTierField';
import { BatchThresholdField } from './BatchThresholdField';
import { KeyField } from './KeyField';
import { diff, draftProblem, toDraft, type Draft } from './settingsDraft';

/** Right panel, "Settings" tab. */
export function SettingsPanel(): React.JSX.Element {
  const settings = useSettings((s) => s.settings);
  if (!settings) {
    return (
      <div className="panel-body">
        <Spinner label="Loading settings" />
      </div>
    );
  }
  return <SettingsForm saved={settings} />;
}

function SettingsForm({ saved }: { saved: SettingsView }): React.JSX.Element {
  const setSettings = useSettings((s) => s.setSettings);
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved));
  const [saving, setSaving] = useState(false);
  const patch = diff(saved, draft);
  const dirty = Object.keys(patch).length > 0;
  const problem = draftProblem(draft);
  const invalid = problem !== null;

  // Settings changed elsewhere (an event, the key field, a re-read after reconnecting): take them,
  // unless the producer is mid-edit. "Mid-edit" is judged against the settings the draft was made
  // from (`dirty` above compares with the new ones). Adjusted while rendering, as React advises for
  // state derived from a changed prop: no effect, and no stale draft in a closure.
  const [draftBase, setDraftBase] = useState(saved);
  if (draftBase !== saved) {
    setDraftBase(saved);
    if (Object.keys(diff(draftBase, draft)).length === 0) setDraft(toDraft(saved));
  }

  const update = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => ({ ...d, [key]: value }));

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const next = await invoke('settings:update', patch);
      setSettings(next);
      setDraft(toDraft(next));
      toastInfo('Settings saved.', undefined, 'success');
    } catch (error) {
      toastError('save the settings', error);
    } finally {
      setSaving(false);
    }
  };

  const azure = draft.engine === 'azure';
  return (
    <form
      className="panel-body settings"
      data-testid="settings-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty && !invalid) void save();
      }}
    >
      <section className="panel-section">
        <div className="field">
          <span className="field-label" id="engine-label">
            Engine
          </span>
          <Segmented
            label="Engine"
            value={draft.engine}
            options={[
              { value: 'offline', label: 'Offline (eSpeak)' },
              { value: 'azure', label: 'Azure neural voices' },
            ]}
            onChange={(engine) => update('engine', engine)}
            testId="settings-engine"
          />
          <p className="field-help">{azure ? 'Natural voices, billed per character by Azure.' : 'Robotic but free and instant: for drafts and checking timing.'}</p>
        </div>
      </section>

      {azure && (
        <section className="panel-section">
          <KeyField />
          <div className="field-pair">
            <label className="field">
              <span className="field-label">Region</span>
              <input
                className="input"
                maxLength={SETTINGS_LIMITS.azureRegion.maxLength}
                value={draft.region}
                placeholder="westeurope"
                onChange={(e) => update('region', e.currentTarget.value)}
                data-testid="settings-region"
              />
            </label>
            <label className="field">
              <span className="field-label">or host</span>
              <input
                className="input"
                maxLength={SETTINGS_LIMITS.azureHost.maxLength}
                value={draft.host}
                placeholder="wss://…"
                onChange={(e) => update('host', e.currentTarget.value)}
                data-testid="settings-host"
              />
            </label>
          </div>
          <label className="field">
            <span className="field-label">Price per million characters (US$)</span>
            <input
              className="input num"
              type="number"
              min={SETTINGS_LIMITS.pricePerMillionChars.min}
              max={SETTINGS_LIMITS.pricePerMillionChars.max}
              step={0.5}
              value={Number.isFinite(draft.pricePerMillionChars) ? draft.pricePerMillionChars : ''}
              onChange={(e) => update('pricePerMillionChars', e.currentTarget.valueAsNumber)}
              data-testid="settings-price"
            />
            <span className="field-help" data-testid="settings-price-help">
              For the estimate in the top bar. Neural voices list at {formatMoney(DEFAULT_PRICE_PER_MILLION_CHARS)}, the default.
            </span>
          </label>
          <AzureTierField tier={draft.tier} rps={draft.tierRps} onTier={(tier) => update('tier', tier)} onRps={(rps) => update('tierRps', rps)} />
          <BatchThresholdField value={draft.batchThresholdRenders} onChange={(value) => update('batchThresholdRenders', value)} />
        </section>
      )}

      <section className="panel-section">
        <label className="field">
          <span className="field-label">Output folder</span>
          <input
            className="input"
            maxLength={SETTINGS_LIMITS.outputDir.maxLength}
            value={draft.outputDir}
            onChange={(e) => update('outputDir', e.currentTarget.value)}
            spellCheck={false}
            data-testid="settings-output"
          />
        </label>
        <div className="field-pair">
          <div className="field">
            <span className="field-label">Format</span>
            <Segmented
              label="Format"
              value={draft.format}
              options={[
                { value: 'mp3', label: 'MP3' },
                { value: 'wav', label: 'WAV' },
              ]}
              onChange={(format) => update('format', format)}
              testId="settings-format"
            />
          </div>
          <label className="field">
            <span className="field-label">Max connections</span>
            <input
              className="input num"
              type="number"
              min={SETTINGS_LIMITS.maxConnections.min}
              max={SETTINGS_LIMITS.maxConnections.max}
              step={1}
              value={Number.isFinite(draft.maxConnections) ? draft.maxConnections : ''}
              onChange={(e) => update('maxConnections', e.currentTarget.valueAsNumber)}
              data-testid="settings-connections"
            />
          </label>
        </div>
        {!azure && (
          <label className="field">
            <span className="field-label">Price per million characters (US$)</span>
            <input
              className="input num"
              type="number"
              min={SETTINGS_LIMITS.pricePerMillionChars.min}
              max={SETTINGS_LIMITS.pricePerMillionChars.max}
              step={0.5}
              value={Number.isFinite(draft.pricePerMillionChars) ? draft.pricePerMillionChars : ''}
              onChange={(e) => update('pricePerMillionChars', e.currentTarget.valueAsNumber)}
            />
            <span className="field-help">Used for estimates when you switch to Azure.</span>
          </label>
        )}
      </section>

      <div className="form-actions">
        {problem && (
          <span className="field-error small" data-testid="settings-problem">
            {problem}
          </span>
        )}
        <div className="filterbar-spacer" />
        <Button variant="ghost" onClick={() => setDraft(toDraft(saved))} disabled={!dirty || saving}>
          Revert
        </Button>
        <Button type="submit" variant="primary" busy={saving} disabled={!dirty || invalid} data-testid="settings-save">
          Save settings
        </Button>
      </div>
    </form>
  );
}
