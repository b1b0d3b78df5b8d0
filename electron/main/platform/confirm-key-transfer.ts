import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import type { ConfirmKeyTransfer } from '../core/settings/endpoint-bound-secret-box';

/**
 * The main-process question before the Azure key goes to another endpoint than the one it was saved
 * for (core/settings/endpoint-bound-secret-box.ts). Asked by main, answered by the producer: the page
 * can change the settings but cannot answer this. "Keep" is the default and the Escape answer.
 */
export function confirmKeyTransferDialog(getWindow: () => BrowserWindow | undefined): ConfirmKeyTransfer {
  return async (from, to) => {
    const options: MessageBoxOptions = {
      type: 'warning',
      title: 'Send the Azure key to another service?',
      message: 'The Azure settings now point at another service than the one your key was saved for.',
      detail: `The key was saved for ${from}.\nThe settings now point at ${to}.\n\nSend the key there only if you changed this yourself and trust that service. Otherwise keep it, and check the Azure settings.`,
      buttons: ['Keep the key where it was', `Use the key with ${to}`],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const window = getWindow();
    const { response } = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return response === 1;
  };
}
