import { useEffect, useRef, useState } from 'react';
import type { SettingsPatch, SettingsView } from '../../../../shared/ipc/contract';
import { DEFAULT_PRICE_PER_MILLION_CHARS } from '../../../../shared/model/pricing';
import { invoke } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { useSettings } from '../../store/settings';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';
import { Segmented } from '../../ui/Segmented';
import { Spinner } from '../../ui/Spinner';
import { KeyField } from './KeyField';

type Draft = Omit<SettingsView, 'azure'> & { region: string; host: string };

const toDraft = (s: SettingsView): Draft => ({ ...s, region: s.azure.region, host: s.azure.host });

/** Only what changed is sent, so a save never overwrites a setting changed elsewhere meanwhile. */
function diff(saved: SettingsView, draft: Draft): SettingsPatch {
  const patch: SettingsPatch = {};
  if (draft.engine !== saved.engine) patch.engine = draft.engine;
  if (draft.format !== saved.format) patch.format = draft.format;
  if (draft.outputDir !== saved.outputDir) patch.outputDir = draft.outputDir;
  if (draft.maxConnections !== saved.maxConnections) patch.maxConnections = draft.maxConnections;
  if (draft.pricePerMillionChars !== saved.pricePerMillionChars) patch.pricePerMillionChars = draft.pricePerMillionChars;
  const azure: NonNullable<SettingsPatch['azure']> = {};
  if (draft.region !== saved.azure.region) azure.region = draft.region;
  if (draft.host !== saved.azure.host) azure.host = draft.host;
  if (Object.keys(azure).length > 0) patch.azure = azure;
  return patch;
}

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
  const invalid = !Number.isInteger(draft.maxConnections) || draft.maxConnections < 1 || draft.maxConnections > 64 || !(draft.pricePerMillionChars >= 0) || !draft.outputDir.trim();

  // Settings changed elsewhere (an event, the key field, a re-read after reconnecting): take them,
  // unless the producer is mid-edit. "Mid-edit" is judged against the settings the draft was made
  // from (`dirty` above compares with the new ones, so it is always true here). Deliberately keyed
  // on `saved` alone: a draft edit must not trigger a reset.
  const draftBase = useRef(saved);
  useEffect(() => {
    const editing = Object.keys(diff(draftBase.current, draft)).length > 0;
    draftBase.current = saved;
    if (!editing) setDraft(toDraft(saved));
  }, [saved]);

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
              <input className="input" value={draft.region} placeholder="westeurope" onChange={(e) => update('region', e.currentTarget.value)} data-testid="settings-region" />
            </label>
            <label className="field">
              <span className="field-label">or host</span>
              <input className="input" value={draft.host} placeholder="wss://…" onChange={(e) => update('host', e.currentTarget.value)} data-testid="settings-host" />
            </label>
          </div>
          <label className="field">
            <span className="field-label">Price per million characters (US$)</span>
            <input
              className="input num"
              type="number"
              min={0}
              step={0.5}
              value={Number.isFinite(draft.pricePerMillionChars) ? draft.pricePerMillionChars : ''}
              onChange={(e) => update('pricePerMillionChars', e.currentTarget.valueAsNumber)}
              data-testid="settings-price"
            />
            <span className="field-help" data-testid="settings-price-help">For the estimate in the top bar. Neural voices list at {formatMoney(DEFAULT_PRICE_PER_MILLION_CHARS)}, the default.</span>
          </label>
        </section>
      )}

      <section className="panel-section">
        <label className="field">
          <span className="field-label">Output folder</span>
          <input className="input" value={draft.outputDir} onChange={(e) => update('outputDir', e.currentTarget.value)} spellCheck={false} data-testid="settings-output" />
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
              min={1}
              max={64}
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
            <input className="input num" type="number" min={0} step={0.5} value={Number.isFinite(draft.pricePerMillionChars) ? draft.pricePerMillionChars : ''} onChange={(e) => update('pricePerMillionChars', e.currentTarget.valueAsNumber)} />
            <span className="field-help">Used for estimates when you switch to Azure.</span>
          </label>
        )}
      </section>

      <div className="form-actions">
        {invalid && <span className="field-error small">Check the highlighted values: connections 1–64, a folder, a price of 0 or more.</span>}
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
