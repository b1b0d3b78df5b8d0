// The window.api client for a plain browser, served by the studio bridge as /bridge-client.js?token=…
// (this file, transpiled to a classic script when the bridge starts) and injected into the page by the
// bridge only (the app never ships it; in Electron the preload provides window.api). It `satisfies`
// the contract's StudioApi, as the preload does: invoke(channel, input) resolves the value or rejects
// with an Error carrying `code`; on(event, listener) returns an unsubscribe function.
// One addition the preload does not need (its IPC cannot drop): onReconnect(listener) is called each
// time the socket opens again after it was lost. Events pushed meanwhile are gone, so the page reads
// `studio:snapshot` again there (renderer/src/store/connect.ts).
import type { IpcErrorCode } from '../../../shared/ipc/error-codes';
import type { StudioApi } from '../../../shared/ipc/contract';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: IpcErrorCode; message: string } };
interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

(function installBridgeClient(): void {
  const page = window as unknown as { api?: unknown };
  if (page.api) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const src = new URL(script?.src ? script.src : location.href);
  const token = src.searchParams.get('token') || new URL(location.href).searchParams.get('token') || '';
  const wsUrl = `ws://${src.host}/ws?token=${encodeURIComponent(token)}`;
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retries = 0;
  let everOpened = false;
  const pending = new Map<number, Waiter>();
  const outbox: Array<{ id: number; message: string }> = []; // messages waiting for the socket to open
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const reconnectListeners = new Set<() => void>();

  function ipcError(code: IpcErrorCode, message: string): Error & { code: IpcErrorCode } {
    return Object.assign(new Error(message), { code });
  }

  function each<T extends (...args: never[]) => void>(set: Iterable<T>, call: (listener: T) => void): void {
    for (const listener of set) {
      try {
        call(listener);
      } catch (error) {
        console.error(error);
      }
    }
  }

  function connect(): void {
    const ws = (socket = new WebSocket(wsUrl));
    ws.addEventListener('open', () => {
      retries = 0;
      for (const queued of outbox.splice(0)) ws.send(queued.message);
      if (everOpened) each(reconnectListeners, (listener) => listener());
      everOpened = true;
    });
    ws.addEventListener('message', (message: MessageEvent) => {
      let data: { id?: number; result?: Envelope; event?: unknown; payload?: unknown } | null;
      try {
        data = JSON.parse(String(message.data)) as typeof data;
      } catch {
        return;
      }
      if (data && data.id !== undefined && data.result) {
        const waiter = pending.get(data.id);
        if (!waiter) return;
        pending.delete(data.id);
        if (data.result.ok) waiter.resolve(data.result.value);
        else waiter.reject(ipcError(data.result.error.code, data.result.error.message));
      } else if (data && typeof data.event === 'string') {
        const payload = data.payload as never;
        each(listeners.get(data.event) ?? [], (listener) => listener(payload));
      }
    });
    ws.addEventListener('close', () => {
      // Requests already sent got no answer: fail them; queued ones go out after reconnecting.
      const queuedIds = new Set(outbox.map((entry) => entry.id));
      for (const [id, waiter] of pending) {
        if (queuedIds.has(id)) continue;
        pending.delete(id);
        waiter.reject(ipcError('disconnected', 'The connection to the studio was lost. Try again.'));
      }
      setTimeout(connect, Math.min(5000, 250 * 2 ** retries++));
    });
  }

  const api = Object.freeze({
    invoke(channel: string, input?: unknown): Promise<never> {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const message = JSON.stringify({ id, channel, input });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push({ id, message });
      });
    },
    on(event: string, listener: (payload: never) => void): () => void {
      if (typeof listener !== 'function') return () => undefined;
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    onReconnect(listener: () => void): () => void {
      if (typeof listener !== 'function') return () => undefined;
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
  } satisfies StudioApi & { onReconnect(listener: () => void): () => void });

  Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false });
  connect();
})();
