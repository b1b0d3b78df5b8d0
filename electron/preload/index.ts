import { contextBridge, ipcRenderer } from 'electron';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc/channels';

// The page gets a narrow, allowlisted API, never ipcRenderer itself (contextIsolation + sandbox).
const allowed = new Set<string>(INVOKE_CHANNELS);

contextBridge.exposeInMainWorld('api', {
  invoke(channel: InvokeChannel, input?: unknown): Promise<unknown> {
    if (!allowed.has(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, input);
  },
});
