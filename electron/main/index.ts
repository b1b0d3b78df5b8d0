import { join } from 'node:path';
import { app, powerMonitor, BrowserWindow, dialog, session, type OpenDialogOptions } from 'electron';
import { createDispatcher } from './core/ipc/dispatcher';
import { validatingSink, teeSink } from './core/ipc/event-sink';
import { createHandlers } from './core/ipc/handlers';
import { handleInterrupts } from './core/interrupts';
import { ShutdownCoordinator } from './core/shutdown';
import { APP_STUDIO_ORIGIN, audioUrlForApp } from './core/studio/app-requests';
import { engineFactory } from './core/studio/engine-factory';
import { consoleLogger } from './core/studio/logger';
import { StudioService } from './core/studio/studio-service';
import { EndpointBoundSecretBox } from './core/settings/endpoint-bound-secret-box';
import { handleAppProtocol, registerAppScheme } from './platform/app-protocol';
import { confirmKeyTransferDialog } from './platform/confirm-key-transfer';
import { createElectronSettings, SafeStorageSecretBox } from './platform/electron-settings';
import { registerIpcTransport, trustedSender, windowSink } from './platform/ipc-transport';
import { RunIndicators } from './platform/run-indicators';

// Composition root: the studio lives in core/ (plain Node, tested without Electron); this file only
// plugs Electron adapters (platform/) into it and owns the window and the app's lifecycle.

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' app: blob:; connect-src 'self' app:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
/** How long a quit may take before the app exits anyway (renders settle, journal, pools close). */
const SHUTDOWN_DEADLINE_MS = 8_000;

const log = consoleLogger;
const devUrl = process.env.ELECTRON_RENDERER_URL;
let mainWindow: BrowserWindow | undefined;
const getWindow = (): BrowserWindow | undefined => mainWindow;

registerAppScheme(); // must happen before 'ready'

// One instance: a second launch focuses the first (two studios would share one output journal).
if (!app.requestSingleInstanceLock()) app.exit(0);
app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

const settings = createElectronSettings((message) => log.warn(message));
// The key is bound to the endpoint it was saved for: changing region or host (from the page too)
// does not carry it along unless the producer confirms in a dialog of main's own.
const secrets = new EndpointBoundSecretBox(new SafeStorageSecretBox(), () => settings.get().azure, confirmKeyTransferDialog(getWindow));
const indicators = new RunIndicators(getWindow);
const service = new StudioService({
  settings,
  secrets,
  createEngine: engineFactory(secrets),
  events: validatingSink(teeSink(windowSink(getWindow), indicators.sink()), log),
  audioUrl: audioUrlForApp,
  auditionCacheDir: join(app.getPath('userData'), 'audition-cache'),
  samplesDir: join(app.getAppPath(), 'resources', 'courses'),
  transport: 'electron',
  version: app.getVersion(),
  log,
});
const dispatch = createDispatcher({
  handlers: createHandlers(service, {
    chooseCourseFile: async () => {
      const window = getWindow();
      const options: OpenDialogOptions = { title: 'Open a course', properties: ['openFile'], filters: [{ name: 'Courses', extensions: ['json', 'csv', 'tsv'] }] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    revealInFolder: (path) => indicators.revealInFolder(path),
  }),
  isTrustedSender: trustedSender(getWindow, [APP_STUDIO_ORIGIN, ...(devUrl ? [new URL(devUrl).origin] : [])]),
  log,
});
const shutdown = new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: SHUTDOWN_DEADLINE_MS, log: (line) => log.warn(line) });

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Course Audio Studio',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The window shows the studio and nothing else: no navigation, no popups, no webviews.
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadURL(`${APP_STUDIO_ORIGIN}/index.html`);
  return window;
}

void app.whenReady().then(() => {
  // The CSP travels as a header too (for the dev server; app:// responses carry it themselves).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // The studio needs no permission (no camera, microphone, notifications from the page...): refuse
  // every request, and answer every check (navigator.permissions, some APIs ask before requesting) no.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  handleAppProtocol(session.defaultSession, { rendererDir: join(import.meta.dirname, '../renderer'), tokens: service.tokens, csp: CSP });
  registerIpcTransport(dispatch);
  // Sleep kills every socket: pause dispatch before it, replace the synthesizers after it.
  powerMonitor.on('suspend', () => service.onSystemSuspend());
  powerMonitor.on('resume', () => service.onSystemResume());
  mainWindow = createWindow();
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
});

app.on('window-all-closed', () => app.quit());

// Quitting: before-quit is cancelled synchronously (Electron would otherwise tear the process down
// under running workers and a half-written journal), then the coordinator stops dispatch, lets
// in-flight renders finish or cancels them, persists the journal and closes every pool within
// SHUTDOWN_DEADLINE_MS; only then does the app exit. A second quit (Cmd+Q again, a second Ctrl+C)
// means "now": exit at once. The journal is also written per render, so even that loses nothing done.
let quitRequests = 0;
let shutdownFinished = false;
app.on('before-quit', (event) => {
  if (shutdownFinished) return;
  event.preventDefault();
  quitRequests++;
  if (quitRequests > 1) {
    log.warn('second quit request: exiting without waiting for the shutdown');
    app.exit(1);
    return;
  }
  void shutdown.shutdown().then((report) => {
    if (report.timedOut || report.failed.length) log.warn(`shutdown: ${JSON.stringify(report)}`);
    else log.info(`shutdown complete: ${report.completed.join(', ')} (${report.elapsedMs} ms)`);
    indicators.dispose();
    shutdownFinished = true;
    app.exit(0);
  });
});

// Ctrl+C / SIGTERM go through the same quit as Cmd+Q. core/interrupts.ts makes the copies of one
// Ctrl+C count once and keeps when-exit (conf -> atomically) from re-raising the signal past the
// shutdown; a signal a second or more later is a second quit, which exits at once (see before-quit).
handleInterrupts({ onInterrupt: () => app.quit(), onForce: () => app.quit() });
