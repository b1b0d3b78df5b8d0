import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { createDispatcher, type Dispatch } from '../../../electron/main/core/ipc/dispatcher';
import { validatingSink, type EventSink } from '../../../electron/main/core/ipc/event-sink';
import { createHandlers } from '../../../electron/main/core/ipc/handlers';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { EndpointBoundSecretBox, refuseKeyTransfer } from '../../../electron/main/core/settings/endpoint-bound-secret-box';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { defaultOutputDir } from '../../../electron/main/core/settings/settings-schema';
import { ShutdownCoordinator, type ShutdownReport } from '../../../electron/main/core/shutdown';
import { engineFactory, type EngineFactory } from '../../../electron/main/core/studio/engine-factory';
import { silentLogger, type Logger } from '../../../electron/main/core/studio/logger';
import { forbidden, notFound, serveFile, type FileResponse } from '../../../electron/main/core/studio/serve-file';
import { resolveStaticFile } from '../../../electron/main/core/studio/static-files';
import { StudioService, type StudioServiceOptions } from '../../../electron/main/core/studio/studio-service';
import ts from 'typescript';

/**
 * The studio without Electron: a loopback HTTP + WebSocket server that serves the built renderer, the
 * SAME dispatcher and StudioService the app uses, and audio by token. Browser tests drive
 * /usr/bin/chromium through it, and `npm run studio:web` runs it for people where Electron cannot run.
 *
 * Security, since it is a local server: it listens on 127.0.0.1 only; every request needs the random
 * token (query `?token=` on the first page load, which sets an HttpOnly SameSite=Strict cookie for the
 * page's assets and audio); the Host header must be the loopback address (no DNS rebinding); the
 * WebSocket needs the token AND an Origin equal to the bridge's own, and the dispatcher's sender check
 * is that same origin.
 */
export interface StudioBridgeOptions {
  /** 0 or absent: a free port. */
  readonly port?: number;
  readonly settingsDir: string;
  /** Overrides the output folder in the settings. */
  readonly outputDir?: string;
  /** A course to open at start. */
  readonly coursePath?: string;
  /** The built renderer (default out/renderer, built with `npx electron-vite build` when missing). */
  readonly rendererDir?: string;
  /** Insert <script src="/bridge-client.js"> into index.html (default true). */
  readonly injectClient?: boolean;
  readonly log?: Logger;
  /** Test seams. */
  readonly createEngine?: EngineFactory;
  readonly intervals?: StudioServiceOptions['intervals'];
  readonly shutdownDeadlineMs?: number;
}

export interface StudioBridge {
  /** `http://127.0.0.1:P/?token=T`: open this. */
  readonly url: string;
  /** `http://127.0.0.1:P` */
  readonly origin: string;
  readonly token: string;
  readonly service: StudioService;
  readonly dispatch: Dispatch;
  /** Test seam: cuts every page's WebSocket (as a network hiccup would); pages reconnect by themselves. */
  dropConnections(): void;
  /** Shuts the studio down through the ShutdownCoordinator, then closes sockets and the server. Idempotent. */
  close(): Promise<ShutdownReport>;
}

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** bridge-client.ts as the classic script the page loads: types erased, and the empty `export {}` its type-only imports leave. */
const CLIENT_SOURCE = ts
  .transpileModule(readFileSync(join(import.meta.dirname, 'bridge-client.ts'), 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  })
  .outputText.replace(/^export \{\};?\s*$/m, '');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };

export async function startStudioBridge(options: StudioBridgeOptions): Promise<StudioBridge> {
  const log = options.log ?? silentLogger;
  const rendererDir = resolve(options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    if (options.rendererDir) throw new Error(`No built renderer in ${rendererDir} (index.html is missing).`);
    await buildRenderer(log);
  }
  const injectClient = options.injectClient ?? true;
  const token = randomBytes(24).toString('base64url');
  let origin = '';
  let port = 0;

  const settings = new ConfSettingsStore({ cwd: options.settingsDir, outputDir: defaultOutputDir(), onRepair: (message) => log.warn(message) });
  if (options.outputDir) settings.update({ outputDir: resolve(options.outputDir) });
  // Bound to its endpoint; with no dialog to ask in, a changed endpoint never gets the key.
  const secrets = new EndpointBoundSecretBox(new FileSecretBox(options.settingsDir), () => settings.get().azure, refuseKeyTransfer);
  const sockets = new Set<WebSocket>();
  const broadcast: EventSink = {
    emit(event, payload) {
      const message = JSON.stringify({ event, payload });
      for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.send(message);
    },
  };
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const service = new StudioService({
    settings,
    secrets,
    createEngine: options.createEngine ?? engineFactory(secrets),
    events: validatingSink(broadcast, log),
    audioUrl: (audioToken) => `${origin}/audio/${audioToken}`,
    auditionCacheDir: join(options.settingsDir, 'audition-cache'),
    samplesDir: join(REPO_ROOT, 'resources', 'courses'),
    transport: 'bridge',
    version,
    log,
    ...(options.intervals ? { intervals: options.intervals } : {}),
  });
  const dispatch = createDispatcher({
    handlers: createHandlers(service),
    // The page's origin as the browser stated it in the WebSocket handshake (checked again there).
    isTrustedSender: (sender) => sender.origin === origin,
    log,
  });

  const cookieName = (): string => `cas_bridge_${port}`;
  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hostAllowed = (host: string | undefined): boolean => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      log.error(`bridge: ${request.method} ${request.url?.split('?')[0]}: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.end();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const queryToken = url.searchParams.get('token');
    if (!hostAllowed(request.headers.host) || !(tokenMatches(queryToken) || tokenMatches(cookieOf(request, cookieName())))) {
      return send(response, forbidden(), 'Forbidden: open the STUDIO_URL the bridge printed (it carries the token).');
    }
    const method = request.method ?? 'GET';
    const path = url.pathname;
    if (path === '/bridge-client.js') {
      return sendText(response, 200, 'text/javascript; charset=utf-8', CLIENT_SOURCE, method);
    }
    if (path.startsWith('/audio/')) {
      const file = await service.tokens.resolve(path.slice('/audio/'.length));
      if (!file) return send(response, notFound());
      return send(response, await serveFile(file, { method, range: request.headers.range ?? null, headers: { 'Cache-Control': 'no-store' } }));
    }
    if (path === '/' || path === '/index.html') {
      const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
      const page = injectClient ? injectClientScript(html, token) : html;
      // The cookie lets the page's own requests (assets, audio) through without the token in every URL.
      response.setHeader('Set-Cookie', `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      return sendText(response, 200, 'text/html; charset=utf-8', page, method, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    }
    const file = await resolveStaticFile(rendererDir, path);
    if (!file) return send(response, notFound());
    return send(response, await serveFile(file, { method, range: request.headers.range ?? null }));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const allowed = url.pathname === '/ws' && hostAllowed(request.headers.host) && tokenMatches(url.searchParams.get('token')) && request.headers.origin === origin;
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      const sender = { origin: request.headers.origin ?? '' };
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let message: { id?: unknown; channel?: unknown; input?: unknown };
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          return;
        }
        const id = message?.id;
        if (typeof id !== 'number' && typeof id !== 'string') return;
        void dispatch(message.channel, message.input, sender).then((result) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, result }));
        });
      });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const shutdown = new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: options.shutdownDeadlineMs ?? 8_000, log: (line) => log.warn(line) });
  let closing: Promise<ShutdownReport> | undefined;
  const close = (): Promise<ShutdownReport> => {
    closing ??= (async () => {
      const report = await shutdown.shutdown();
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return report;
    })();
    return closing;
  };

  try {
    if (options.coursePath) await service.openPath(resolve(options.coursePath));
  } catch (error) {
    await close();
    throw error;
  }
  const dropConnections = (): void => {
    for (const socket of sockets) socket.terminate();
    sockets.clear();
  };
  return { url: `${origin}/?token=${token}`, origin, token, service, dispatch, dropConnections, close };
}

/** Puts the client before the app's module script, so window.api exists when the app starts. */
export function injectClientScript(html: string, token: string): string {
  const tag = `<script src="/bridge-client.js?token=${encodeURIComponent(token)}"></script>`;
  const moduleScript = /<script\b[^>]*type=["']module["'][^>]*>/i.exec(html);
  if (moduleScript) return html.slice(0, moduleScript.index) + tag + '\n    ' + html.slice(moduleScript.index);
  return html.replace(/<\/head>/i, `  ${tag}\n</head>`);
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function send(response: ServerResponse, file: FileResponse, text?: string): void {
  const body = file.body ? undefined : text;
  response.writeHead(file.status, { ...SECURITY_HEADERS, ...file.headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) });
  if (file.body) {
    file.body.on('error', () => response.destroy());
    file.body.pipe(response);
  } else response.end(body);
}

function sendText(response: ServerResponse, status: number, type: string, text: string, method: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)) });
  response.end(method === 'HEAD' ? undefined : text);
}

/** Builds out/ with electron-vite (works without the Electron binary). */
async function buildRenderer(log: Logger): Promise<void> {
  log.info('bridge: out/renderer is missing; running `npx electron-vite build`');
  await new Promise<void>((resolveBuild, reject) => {
    // Build output goes to stderr: stdout is for the STUDIO_URL line scripts wait for.
    const child = spawn('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`electron-vite build failed (exit ${code})`))));
  });
}
