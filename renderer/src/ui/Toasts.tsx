import { useState } from 'react';
import { splitMessage } from '../lib/messageParts';
import { useToasts, type Toast } from '../store/toasts';
import { Icon } from './Icon';

/**
 * Errors and confirmations, in a strip of their own under the right panel (the layout makes room,
 * so a toast never covers a control). The whole message is there: wrapped, selectable, with a
 * "Details" expander when long and a "Copy" button; long errors stay until dismissed.
 */
export function Toasts(): React.JSX.Element {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }): React.JSX.Element {
  const dismiss = useToasts((s) => s.dismiss);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const { summary, rest } = splitMessage(toast.detail ?? '');
  const copy = (): void => {
    const text = toast.detail ? `${toast.title}\n${toast.detail}` : toast.title;
    navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.tone}`}>
      <Icon name={toast.tone === 'error' ? 'alert' : toast.tone === 'success' ? 'check' : 'info'} className="toast-icon" />
      <div className="toast-body">
        <div className="toast-title">{toast.title}</div>
        {summary && (
          <div className="toast-detail" data-testid="toast-detail">
            {summary}
            {rest && open && (
              <div className="toast-more" data-testid="toast-more">
                {rest}
              </div>
            )}
          </div>
        )}
        {(rest || toast.tone === 'error') && (
          <div className="toast-actions">
            {rest && (
              <button type="button" className="link-btn" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="toast-details">
                {open ? 'Hide details' : 'Details'}
              </button>
            )}
            <button type="button" className="link-btn" onClick={copy} data-testid="toast-copy">
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        )}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
