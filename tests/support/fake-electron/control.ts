/**
 * The fake Electron's control channel: Node IPC (the test spawns the app with an 'ipc' stdio slot).
 * The test sends `{ id, op, args }` and gets `{ id, ok, value | error }`; the app sends
 * `{ event: 'exit', code }` when it calls app.exit(). Ops: channels, windows, fetch (an app:// URL
 * through the registered protocol handler), invoke (an IPC channel as the window would),
 * permissions, headers (the CSP hook), log, quit.
 */

interface Surface {
  readonly app: { quit(): void };
  readonly BrowserWindow: { getAllWindows(): Array<{ options: Record<string, unknown>; webContents: { getURL(): string; mainFrame: unknown; windowOpenHandler: unknown } }> };
  readonly ipcMain: { handlers: Map<string, (event: unknown, ...args: unknown[]) => unknown> };
  readonly protocol: { privileged: unknown[] };
  readonly session: {
    defaultSession: {
      protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
      permissionRequestHandler?: ((...args: unknown[]) => void) | undefined;
      permissionCheckHandler?: ((...args: unknown[]) => boolean) | undefined;
      headersReceived?: ((details: unknown, callback: (response: unknown) => void) => void) | undefined;
    };
  };
}

const log: Array<{ what: string; detail: unknown[] }> = [];

export function record(what: string, ...detail: unknown[]): void {
  log.push({ what, detail });
}

export function sendToTest(message: unknown, then: () => void): void {
  if (process.send && process.connected) process.send(message, () => then());
  else then();
}

export function installControl(surface: Surface): void {
  if (!process.send) return;
  const ops: Record<string, (args: Record<string, unknown>) => unknown> = {
    channels: () => [...surface.ipcMain.handlers.keys()],
    windows: () =>
      surface.BrowserWindow.getAllWindows().map((window) => ({
        options: window.options,
        url: window.webContents.getURL(),
        denysPopups: JSON.stringify((window.webContents.windowOpenHandler as (() => unknown) | undefined)?.()),
      })),
    privileged: () => surface.protocol.privileged,
    fetch: async ({ url, headers }) => {
      const scheme = new URL(String(url)).protocol.slice(0, -1);
      const handler = surface.session.defaultSession.protocolHandlers.get(scheme);
      if (!handler) throw new Error(`no handler for ${scheme}://`);
      const response = await handler(new Request(String(url), { headers: (headers ?? {}) as Record<string, string> }));
      const body = await response.text();
      return { status: response.status, headers: Object.fromEntries(response.headers), body: body.slice(0, 4_000), bytes: body.length };
    },
    invoke: async ({ channel, input, frameUrl }) => {
      const window = surface.BrowserWindow.getAllWindows()[0];
      const handler = surface.ipcMain.handlers.get(String(channel));
      if (!window || !handler) throw new Error(`no window or no handler for ${String(channel)}`);
      const sender = window.webContents;
      const senderFrame = frameUrl === undefined ? sender.mainFrame : { url: frameUrl };
      return handler({ sender, senderFrame, frameId: 1, processId: 1 }, input);
    },
    permissions: async () => {
      const defaults = surface.session.defaultSession;
      const check = defaults.permissionCheckHandler ? defaults.permissionCheckHandler(null, 'media', 'app://studio', { mediaType: 'audio' }) : 'no handler';
      const request = defaults.permissionRequestHandler ? await new Promise((resolve) => defaults.permissionRequestHandler!(null, 'notifications', resolve, {})) : 'no handler';
      return { check, request };
    },
    headers: async () => {
      const hook = surface.session.defaultSession.headersReceived;
      if (!hook) return 'no handler';
      return new Promise((resolve) => hook({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, resolve));
    },
    log: () => log,
    quit: () => {
      surface.app.quit();
      return 'quit requested';
    },
  };
  process.on('message', (message: { id: number; op: string; args?: Record<string, unknown> }) => {
    const op = ops[message.op];
    void (async () => {
      try {
        if (!op) throw new Error(`unknown op ${message.op}`);
        const value = await op(message.args ?? {});
        process.send?.({ id: message.id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) });
      } catch (error) {
        process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The IPC channel must not keep a quit app alive (Electron has no such channel).
  process.channel?.unref();
}
