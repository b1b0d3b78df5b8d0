import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../../shared/ipc/channels';
import type { Dispatch, SenderInfo } from '../core/ipc/dispatcher';
import type { EventSink } from '../core/ipc/event-sink';
import { isTrustedAppSender } from '../core/ipc/trusted-sender';

/**
 * Electron IPC in, events out. One ipcMain.handle per allowlisted channel, all going to the same
 * dispatcher (validation, sender check, envelope); nothing here interprets a request.
 */
export function registerIpcTransport(dispatch: Dispatch): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => dispatch(channel, input, senderOf(event)));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    ...(frame ? { frameUrl: frame.url, isMainFrame: frame === event.sender.mainFrame } : {}),
    webContentsId: event.sender.id,
  };
}

/** The studio window's rule (core/ipc/trusted-sender.ts), bound to the current window. */
export function trustedSender(getWindow: () => BrowserWindow | undefined, allowedOrigins: readonly string[]): (sender: SenderInfo) => boolean {
  return (sender) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return false;
    return isTrustedAppSender(sender, { webContentsId: window.webContents.id, origins: allowedOrigins });
  };
}

/** Sends events to the window while it exists; events for a closed window are dropped. */
export function windowSink(getWindow: () => BrowserWindow | undefined): EventSink {
  return {
    emit(event, payload) {
      const window = getWindow();
      if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(event, payload);
    },
  };
}
