import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels';
import type { StudioApi } from '../../shared/ipc/contract';

// The sandboxed preload: the page gets `window.api` with exactly two functions over the allowlisted
// channels, never ipcRenderer itself (contextIsolation + sandbox). It bundles only channels.ts (zero
// imports), so it stays tiny and CommonJS as a sandboxed preload must be.
const invokeChannels = new Set<string>(INVOKE_CHANNELS);
const eventChannels = new Set<string>(EVENT_CHANNELS);

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** An Error the page can branch on: `error.code` is the contract's code ('busy', 'course-invalid', ...). */
function ipcError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

contextBridge.exposeInMainWorld('api', {
  // Promise<never>: the value is main's, already checked against the contract there.
  async invoke(channel: string, input?: unknown): Promise<never> {
    if (!invokeChannels.has(channel)) throw ipcError('unknown-channel', `"${String(channel)}" is not a studio channel.`);
    let result: Envelope;
    try {
      result = (await ipcRenderer.invoke(channel, input)) as Envelope;
    } catch (error) {
      // Only a transport failure lands here (the main side always answers with an envelope).
      throw ipcError('internal', error instanceof Error ? error.message : String(error));
    }
    if (result.ok) return result.value as never;
    throw ipcError(result.error.code, result.error.message);
  },
  on(event: string, listener: (payload: never) => void): () => void {
    if (!eventChannels.has(event) || typeof listener !== 'function') return () => undefined;
    // The page sees the payload only, never the IpcRendererEvent (it would expose `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
} satisfies StudioApi);
