import { useState } from 'react';
import { invoke } from '../../lib/api';
import { useAudition } from '../../store/audition';
import { useSettings } from '../../store/settings';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';

/**
 * The Azure key is write-only: the page sends it once and main keeps it (encrypted); all the page
 * ever learns back is whether one is set.
 */
export function KeyField(): React.JSX.Element {
  const keySet = useSettings((s) => s.settings?.azure.keySet ?? false);
  const setSettings = useSettings((s) => s.setSettings);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState<'save' | 'forget' | null>(null);

  const store = async (key: string | null): Promise<void> => {
    setBusy(key === null ? 'forget' : 'save');
    try {
      setSettings(await invoke('settings:setKey', { key }));
      // A new key, even one the service judges the same way: earlier audition failures belong to the old one.
      useAudition.getState().forgetFailures();
      setDraft('');
      toastInfo(key === null ? 'The Azure key is forgotten.' : 'The Azure key is saved.', undefined, 'success');
    } catch (error) {
      toastError(key === null ? 'forget the key' : 'save the key', error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="field">
      <div className="field-label-row">
        <label htmlFor="azure-key" className="field-label">
          Azure key
        </label>
        <span className={keySet ? 'key-state is-set' : 'key-state'} data-testid="key-state">
          <Icon name={keySet ? 'check' : 'key'} size={12} /> {keySet ? 'set' : 'not set'}
        </span>
      </div>
      {/* Not a <form>: this sits inside the settings form, and forms cannot nest. */}
      <div className="key-row">
        <input
          id="azure-key"
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={keySet ? 'Enter a new key to replace it' : 'Paste the key from the Azure portal'}
          value={draft}
          maxLength={512}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            // Enter saves the key, not the surrounding settings form.
            e.preventDefault();
            e.stopPropagation();
            if (draft.trim() && busy === null) void store(draft.trim());
          }}
          data-testid="key-input"
        />
        <Button variant="secondary" onClick={() => void store(draft.trim())} busy={busy === 'save'} disabled={!draft.trim() || busy !== null} data-testid="key-save">
          Save
        </Button>
        <Button variant="ghost" onClick={() => void store(null)} busy={busy === 'forget'} disabled={!keySet || busy !== null} data-testid="key-forget">
          Forget
        </Button>
      </div>
      <p className="field-help">Stored encrypted on this computer and never shown again.</p>
    </div>
  );
}
