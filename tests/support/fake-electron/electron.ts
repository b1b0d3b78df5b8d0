import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installControl, record, sendToTest } from './control';

/**
 * A faithful fake of the part of the `electron` module the shell (electron/main/index.ts, platform/,
 * electron-store) uses, for running the BUILT main bundle under Node 24 where no Electron binary
 * exists. It keeps Electron's rules that matter to the shell: schemes are privileged before 'ready'
 * only; before-quit and will-quit can be cancelled; app.exit() ends the process at once; a quit
 * closes windows first. Everything the shell does through it is recorded for the test (control.ts).
 */

const userData = process.env.CAS_FAKE_ELECTRON_USER_DATA ?? join(process.cwd(), '.fake-electron-user-data');
mkdirSync(userData, { recursive: true });
let ready = false;
// Electron's message loop: the process lives until app.exit() (or the last step of app.quit()).
setInterval(() => undefined, 1 << 30);

class PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class FakeApp extends EventEmitter {
  private readonly readyPromise: Promise<void>;
  private quitting = false;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => {
      // Electron is ready after the main script's first turn (its synchronous code and imports).
      setTimeout(() => {
        ready = true;
        record('app', 'ready');
        this.emit('ready');
        resolve();
      }, 20);
    });
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return ready;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  getPath(name: string): string {
    if (name === 'userData') return userData;
    const dir = join(userData, '..', `fake-${name}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getVersion(): string {
    return (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;
  }
  getName(): string {
    return 'course-audio-studio';
  }
  /** Like Electron: before-quit (cancellable), windows close, will-quit (cancellable), quit, exit 0. */
  quit(): void {
    record('app', 'quit requested');
    const beforeQuit = new PreventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) {
      record('app', 'before-quit prevented');
      return;
    }
    if (this.quitting) return;
    this.quitting = true;
    for (const window of BrowserWindow.getAllWindows()) window.destroy();
    const willQuit = new PreventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', new PreventableEvent(), 0);
    this.exit(0);
  }
  /** Ends the process now, as Electron does (no before-quit, no waiting). */
  exit(code = 0): void {
    record('app', `exit ${code}`);
    sendToTest({ event: 'exit', code }, () => process.exit(code));
  }
  focus(): void {}
}

export const app = new FakeApp();

let nextWebContentsId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  private url = '';
  private destroyed = false;
  windowOpenHandler: unknown;
  /** The top frame: the same object every time, as trustedSender compares identities. */
  readonly mainFrame = { url: '' };

  load(url: string): void {
    this.url = url;
    this.mainFrame.url = url;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: unknown): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    record('webContents.send', channel, payload);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const windows = new Set<BrowserWindow>();

export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  private destroyed = false;
  progress: unknown[] = [];

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    windows.add(this);
    record('BrowserWindow', 'created', options);
  }
  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }
  loadURL(url: string): Promise<void> {
    this.webContents.load(url);
    record('BrowserWindow', 'loadURL', url);
    setTimeout(() => this.emit('ready-to-show'), 5);
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setProgressBar(progress: number, options?: unknown): void {
    this.progress.push([progress, options]);
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    windows.delete(this);
    this.emit('closed');
  }
  close(): void {
    this.destroy();
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
});

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();
const sessionProtocol = {
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!ready) throw new Error('protocol.handle must be called after the app is ready');
    protocolHandlers.set(scheme, handler);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocol.privileged.push(...schemes);
  },
  handle: sessionProtocol.handle,
};

export const session = {
  defaultSession: {
    protocol: sessionProtocol,
    protocolHandlers,
    permissionRequestHandler: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
    headersReceived: undefined as undefined | ((details: unknown, callback: (response: unknown) => void) => void),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
      session.defaultSession.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: (details: unknown, callback: (response: unknown) => void) => void): void {
        session.defaultSession.headersReceived = handler;
      },
    },
  },
};

/** Reversible, clearly fake sealing: enough to prove the key is stored sealed and read back. */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => true,
  getSelectedStorageBackend: (): string => 'gnome_libsecret',
  encryptString: (text: string): Buffer => Buffer.concat([Buffer.from('fake-sealed:'), Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)]),
  decryptString: (sealed: Buffer): string => {
    if (!sealed.subarray(0, 12).equals(Buffer.from('fake-sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(sealed.subarray(12).map((byte) => byte ^ 0x5a)).toString('utf8');
  },
};

let blockerIds = 0;
const blockers = new Set<number>();
export const powerSaveBlocker = {
  start: (type: string): number => {
    blockers.add(++blockerIds);
    record('powerSaveBlocker', 'start', type);
    return blockerIds;
  },
  stop: (id: number): void => {
    blockers.delete(id);
    record('powerSaveBlocker', 'stop', id);
  },
  isStarted: (id: number): boolean => blockers.has(id),
};

export const powerMonitor = new EventEmitter();

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: unknown) {
    super();
  }
  show(): void {
    record('Notification', 'show', this.options);
  }
}

export const dialog = {
  showOpenDialog: async (...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> => {
    record('dialog', 'showOpenDialog', args.at(-1));
    return { canceled: true, filePaths: [] };
  },
  /** Answers the first button (the shell's safe default), and records the question. */
  showMessageBox: async (...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> => {
    record('dialog', 'showMessageBox', args.at(-1));
    return { response: 0, checkboxChecked: false };
  },
};

export const shell = {
  showItemInFolder: (path: string): void => record('shell', 'showItemInFolder', path),
  openPath: async (path: string): Promise<string> => {
    record('shell', 'openPath', path);
    return '';
  },
};

export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' });

const electron = { app, BrowserWindow, ipcMain, protocol, session, safeStorage, powerSaveBlocker, powerMonitor, Notification, dialog, shell, nativeTheme };
export default electron;

installControl({ app, BrowserWindow, ipcMain, protocol, session });
