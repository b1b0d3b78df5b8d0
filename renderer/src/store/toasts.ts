import { create } from 'zustand';
import { describeError } from '../lib/api';
import { splitMessage } from '../lib/messageParts';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
  /** Stays until dismissed: an error too long to read in a few seconds. */
  sticky?: boolean;
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

let nextId = 1;
const AUTO_DISMISS_MS: Record<ToastTone, number> = { info: 4000, success: 3500, error: 9000 };

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    // The same message twice in a row (e.g. a retried click) replaces, rather than stacks.
    const others = get().toasts.filter((t) => !(t.title === toast.title && t.detail === toast.detail));
    const sticky = toast.tone === 'error' && splitMessage(toast.detail ?? '').rest !== '';
    set({ toasts: [...others.slice(-3), { ...toast, id, ...(sticky ? { sticky } : {}) }] });
    if (!sticky) setTimeout(() => get().dismiss(id), AUTO_DISMISS_MS[toast.tone]);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** "Couldn't start the run." + main's sentence saying why and what to do. */
export function toastError(action: string, error: unknown): void {
  useToasts.getState().push({ tone: 'error', title: `Couldn't ${action}.`, detail: describeError(error) });
}

export function toastInfo(title: string, detail?: string, tone: ToastTone = 'info'): void {
  useToasts.getState().push(detail === undefined ? { tone, title } : { tone, title, detail });
}
