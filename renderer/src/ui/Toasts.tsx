import { useToasts } from '../store/toasts';
import { Icon } from './Icon';

/** Errors and confirmations, bottom right above the player; errors stay longer and can be dismissed. */
export function Toasts(): React.JSX.Element {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.tone}`}>
          <Icon name={toast.tone === 'error' ? 'alert' : toast.tone === 'success' ? 'check' : 'info'} className="toast-icon" />
          <div className="toast-body">
            <div className="toast-title">{toast.title}</div>
            {toast.detail && (
              <div className="toast-detail" title={toast.detail}>
                {toast.detail}
              </div>
            )}
          </div>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
