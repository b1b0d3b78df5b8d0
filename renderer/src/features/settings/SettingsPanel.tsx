import { useState } from 'react';
import type { SettingsView } from '../../../../shared/ipc/contract';
import { DEFAULT_PRICE_PER_MILLION_CHARS } from '../../../../shared/model/pricing';
import { SETTINGS_LIMITS } from '../../../../shared/model/settings-limits';
import { invoke } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { useSettings } from '../../store/settings';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';
import { FieldRow, type NumberFieldRowProps } from '../../ui/FieldRow';
import { Segmented } from '../../ui/Segmented';
import { Spinner } from '../../ui/Spinner';
import { AzureTierField } from './AzureTierField';
import { BatchThresholdField } from './BatchThresholdField';
import { KeyField } from './KeyField';
import { SampleRateField } from './SampleRateField';
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
            <FieldRow
              label="Region"
              maxLength={SETTINGS_LIMITS.azureRegion.maxLength}
              value={draft.region}
              placeholder="westeurope"
              onChange={(region) => update('region', region)}
              testId="settings-region"
            />
            <FieldRow
              label="or host"
              maxLength={SETTINGS_LIMITS.azureHost.maxLength}
              value={draft.host}
              placeholder="wss://…"
              onChange={(host) => update('host', host)}
              testId="settings-host"
            />
          </div>
          <PriceField
            value={draft.pricePerMillionChars}
            onChange={(price) => update('pricePerMillionChars', price)}
            testId="settings-price"
            helpTestId="settings-price-help"
            help={<>For the estimate in the top bar. Neural voices list at {formatMoney(DEFAULT_PRICE_PER_MILLION_CHARS)}, the default.</>}
          />
          <AzureTierField tier={draft.tier} rps={draft.tierRps} onTier={(tier) => update('tier', tier)} onRps={(rps) => update('tierRps', rps)} />
          <BatchThresholdField value={draft.batchThresholdRenders} onChange={(value) => update('batchThresholdRenders', value)} />
        </section>
      )}

      <section className="panel-section">
        <FieldRow
          label="Output folder"
          maxLength={SETTINGS_LIMITS.outputDir.maxLength}
          value={draft.outputDir}
          onChange={(outputDir) => update('outputDir', outputDir)}
          spellCheck={false}
          testId="settings-output"
        />
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
          <SampleRateField value={draft.sampleRate} onChange={(rate) => update('sampleRate', rate)} />
        </div>
        <div className="field-pair">
          <FieldRow
            kind="number"
            label="Max connections"
            min={SETTINGS_LIMITS.maxConnections.min}
            max={SETTINGS_LIMITS.maxConnections.max}
            step={1}
            value={draft.maxConnections}
            onChange={(connections) => update('maxConnections', connections)}
            testId="settings-connections"
          />
        </div>
        {!azure && (
          <PriceField value={draft.pricePerMillionChars} onChange={(price) => update('pricePerMillionChars', price)} help="Used for estimates when you switch to Azure." />
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

/** The price per million characters: shown for Azure, and (for later estimates) for the offline engine. */
function PriceField(props: Pick<NumberFieldRowProps, 'value' | 'onChange' | 'help' | 'helpTestId' | 'testId'>): React.JSX.Element {
  const { min, max } = SETTINGS_LIMITS.pricePerMillionChars;
  return <FieldRow kind="number" label="Price per million characters (US$)" min={min} max={max} step={0.5} {...props} />;
}
