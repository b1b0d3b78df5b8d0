/**
 * The Azure TTS emulator: an HTTP server on 127.0.0.1 that upgrades on any path (the SDK uses
 * /tts/cognitiveservices/websocket/v1), serves GET …/cognitiveservices/voices/list, and applies
 * the configured setup delay, key check, connection cap, TPS quota, outage and faults.
 *
 * Order of checks on an upgrade: outage → setup delay (connectMs) → one-shot/random upgrade
 * fault → key (401) → connection cap (429 + Retry-After, or accepted and throttled with 4429) →
 * a full TPS window when the quota speaks HTTP 429 → 101 (→ close-on-open fault).
 * Order of checks on a turn: socket beyond a 4429 cap → concurrency limit (4429) → TPS quota.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CODE_NORMAL, throttleClose } from './close-reasons';
import { CounterStore } from './counters';
import type { ServerEnv } from './env';
import { FaultScheduler, type FaultKind } from './faults';
import { TOO_MANY_REQUESTS_MESSAGE, UNAUTHORIZED_MESSAGE, errorBody, refuseUpgrade, sendJson } from './http-answers';
import { ZERO_LATENCY, jittered, type LatencyModel } from './latency-model';
import { deriveRng } from './rng';
import { Session } from './session';
import { SlidingWindowLimiter } from './tps-limiter';
import type { AzureServer, AzureServerCounters, AzureServerOptions, TpsLimit, TurnLogEntry } from './types';
import { VoiceCatalog, defaultVoices, type VoiceEntry } from './voices';

const KEY_HEADER = 'ocp-apim-subscription-key';
const VOICES_PATH = '/cognitiveservices/voices/list';

function validateLatency(latency: LatencyModel): LatencyModel {
  for (const [name, value] of Object.entries(latency)) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new RangeError(`latency.${name} must be a finite number >= 0`);
  }
  if ((latency.jitter ?? 0) >= 1) throw new RangeError('latency.jitter must be < 1');
  return { ...latency };
}

class AzureTtsServer implements AzureServer {
  readonly url: string;
  readonly port: number;
  private readonly counterStore = new CounterStore();
  private readonly faults: FaultScheduler;
  private readonly voiceList: VoiceEntry[];
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  private readonly sessions = new Set<Session>();
  private readonly pendingUpgrades = new Set<Duplex>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: TurnLogEntry[] = [];
  private readonly env: ServerEnv;
  private latency: LatencyModel;
  private connectionCap: number | undefined;
  private connectionCapSignal: 429 | 4429;
  private concurrencyLimit: number | undefined;
  private tps: TpsLimit | undefined;
  private limiter: SlidingWindowLimiter | undefined;
  private idleCloseMs: number | undefined;
  private maxLifetimeMs: number | undefined;
  private nextSocketId = 0;
  private accepting = 0;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly http: Server,
    private readonly opts: AzureServerOptions,
  ) {
    const address = http.address() as AddressInfo;
    this.port = address.port;
    this.url = `http://127.0.0.1:${address.port}`;
    const seed = opts.seed ?? 1;
    this.faults = new FaultScheduler(opts.faults, seed);
    this.voiceList = opts.voices ?? defaultVoices();
    this.latency = validateLatency(opts.latency ?? ZERO_LATENCY);
    this.connectionCap = opts.connectionCap;
    this.connectionCapSignal = opts.connectionCapSignal ?? 429;
    this.concurrencyLimit = opts.concurrencyLimit;
    this.setTps(opts.tps);
    this.idleCloseMs = opts.idleCloseMs;
    this.maxLifetimeMs = opts.maxSocketLifetimeMs;
    const logLimit = opts.turnLogLimit ?? 100_000;
    const rng = deriveRng(seed, 'server');
    this.env = {
      counters: this.counterStore,
      voices: new VoiceCatalog(this.voiceList),
      faults: this.faults,
      seed,
      rng,
      latency: () => this.latency,
      idleCloseMs: () => this.idleCloseMs,
      maxSocketLifetimeMs: () => this.maxLifetimeMs,
      admitTurn: (now, socket) => {
        if (socket.overCap) return throttleClose(4429);
        // concurrentTurns already counts this turn.
        if (this.concurrencyLimit !== undefined && this.counterStore.raw.concurrentTurns > this.concurrencyLimit) return throttleClose(4429);
        if (!this.limiter || this.limiter.tryAdmit(now)) return undefined;
        return throttleClose(this.tps?.closeCode ?? 1007);
      },
      record: (entry) => {
        this.log.push(entry);
        if (this.log.length > logLimit) this.log.splice(0, this.log.length - logLimit);
      },
    };
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
    http.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
  }

  // ---- observation ----

  counters(): AzureServerCounters {
    return this.counterStore.snapshot();
  }

  turnLog(): TurnLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  resetCounters(): void {
    this.counterStore.reset();
  }

  clearTurnLog(): void {
    this.log.length = 0;
  }

  async waitFor(predicate: (c: AzureServerCounters) => boolean, timeoutMs = 2000): Promise<AzureServerCounters> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const snapshot = this.counters();
      if (predicate(snapshot)) return snapshot;
      if (performance.now() > deadline) {
        throw new Error(`azure-server: condition not met within ${timeoutMs} ms; counters: ${JSON.stringify(snapshot)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ---- runtime controls ----

  injectNext(...faults: FaultKind[]): void {
    this.faults.inject(faults);
  }

  setFaultRates(rates: Partial<Record<FaultKind, number>>): void {
    this.faults.setRates(rates);
  }

  setOutage(on: boolean): void {
    this.faults.outage = on;
    if (on) {
      for (const socket of this.pendingUpgrades) socket.destroy();
      for (const session of this.sessions) session.terminate();
    }
  }

  setConnectionCap(cap: number | undefined, signal: 429 | 4429 = this.connectionCapSignal): void {
    this.connectionCap = cap;
    this.connectionCapSignal = signal;
  }

  setConcurrencyLimit(limit: number | undefined): void {
    this.concurrencyLimit = limit;
  }

  setTps(tps: TpsLimit | undefined): void {
    if (tps && (!(tps.limit >= 0) || !(tps.windowMs > 0))) throw new RangeError('tps needs limit >= 0 and windowMs > 0');
    this.tps = tps ? { ...tps } : undefined;
    this.limiter = tps ? new SlidingWindowLimiter(tps.limit, tps.windowMs) : undefined;
  }

  setLatency(latency: LatencyModel): void {
    this.latency = validateLatency(latency);
  }

  setIdleCloseMs(ms: number | undefined): void {
    this.idleCloseMs = ms;
  }

  setMaxSocketLifetimeMs(ms: number | undefined): void {
    this.maxLifetimeMs = ms;
  }

  closeAllSockets(code = CODE_NORMAL, reason = ''): number {
    let n = 0;
    for (const session of this.sessions) {
      session.close(code, reason);
      n++;
    }
    return n;
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      for (const socket of this.pendingUpgrades) socket.destroy();
      for (const session of this.sessions) session.terminate();
      this.wss.close();
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    return this.closed;
  }

  // ---- HTTP ----

  private keyOf(req: IncomingMessage, url: URL): string | undefined {
    const header = req.headers[KEY_HEADER];
    if (typeof header === 'string') return header;
    for (const [name, value] of url.searchParams) if (name.toLowerCase() === KEY_HEADER) return value;
    return undefined;
  }

  private keyAccepted(key: string | undefined): boolean {
    if (key === undefined || key === '') return false;
    return this.opts.key === undefined || key === this.opts.key;
  }

  private retryAfter(): string {
    return String(this.opts.retryAfterSeconds ?? 1);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private refuse(socket: Duplex, status: number, message: string, headers?: Record<string, string>): void {
    this.counterStore.upgradeRefused(status);
    refuseUpgrade(socket, status, message, headers);
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.counterStore.upgradeRequested();
    socket.on('error', () => undefined); // resets from impatient clients are expected
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.pendingUpgrades.add(socket);
    try {
      await this.answerUpgrade(req, socket, head);
    } finally {
      this.pendingUpgrades.delete(socket);
    }
  }

  private async answerUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const destroy = () => {
      this.counterStore.upgradeRefused(0);
      socket.destroy();
    };
    if (this.faults.outage) return destroy();
    const fault = this.faults.takeUpgradeFault();
    const delay = jittered(this.latency.connectMs, this.latency.jitter, this.env.rng);
    if (delay > 0) await this.sleep(delay);
    if (socket.destroyed || this.closed) return;
    if (this.faults.outage) return destroy();
    if (fault) this.counterStore.fault(fault);
    if (fault === 'refuse-all') return destroy();
    if (fault === 'unauthorized-upgrade') return this.refuse(socket, 401, UNAUTHORIZED_MESSAGE);

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!this.keyAccepted(this.keyOf(req, url))) return this.refuse(socket, 401, UNAUTHORIZED_MESSAGE);
    if (fault === 'refuse-upgrade-429') {
      this.counterStore.throttled();
      return this.refuse(socket, 429, TOO_MANY_REQUESTS_MESSAGE, { 'Retry-After': this.retryAfter() });
    }
    const cap = this.connectionCap;
    const overCap = cap !== undefined && this.counterStore.raw.openSockets + this.accepting >= cap;
    if (overCap && this.connectionCapSignal === 429) {
      this.counterStore.throttled();
      return this.refuse(socket, 429, TOO_MANY_REQUESTS_MESSAGE, { 'Retry-After': this.retryAfter() });
    }
    if (this.tps?.closeCode === 429 && this.limiter && !this.limiter.wouldAdmit(performance.now())) {
      this.counterStore.throttled();
      return this.refuse(socket, 429, TOO_MANY_REQUESTS_MESSAGE, { 'Retry-After': this.retryAfter() });
    }

    const connectionId =
      [...url.searchParams].find(([name]) => name.toLowerCase() === 'x-connectionid')?.[1] ??
      (typeof req.headers['x-connectionid'] === 'string' ? req.headers['x-connectionid'] : '');
    this.accepting++;
    let settled = false;
    const release = () => {
      if (!settled) this.accepting--;
      settled = true;
    };
    // If ws rejects the handshake (bad headers) it destroys the socket without calling back.
    socket.once('close', release);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      release();
      const session = this.accept(ws, connectionId);
      if (session && overCap) session.overCap = true;
      if (session && fault === 'close-on-open') session.close(CODE_NORMAL, '');
      if (session && fault === 'close-1000-on-first-frame') session.closeOnFirstFrame = true;
    });
  }

  private accept(ws: WebSocket, connectionId: string): Session | undefined {
    if (this.closed) {
      ws.terminate();
      return undefined;
    }
    this.counterStore.socketOpened();
    const session = new Session(this.env, ws, ++this.nextSocketId, connectionId);
    this.sessions.add(session);
    ws.on('error', () => undefined);
    ws.once('close', (code: number) => {
      this.sessions.delete(session);
      this.counterStore.socketClosed(code);
      session.onClosed();
    });
    return session;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.toLowerCase().endsWith(VOICES_PATH)) {
      sendJson(res, 404, errorBody(404, 'Resource not found'));
      return;
    }
    this.counterStore.voicesListRequested();
    if (this.faults.outage) {
      req.socket.destroy();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, errorBody(405, 'Method not allowed'), { Allow: 'GET' });
      return;
    }
    if (!this.keyAccepted(this.keyOf(req, url))) {
      sendJson(res, 401, errorBody(401, UNAUTHORIZED_MESSAGE));
      return;
    }
    const fault = this.faults.takeVoicesFault();
    if (fault === 'voices-list-429') {
      this.counterStore.fault(fault);
      this.counterStore.throttled();
      sendJson(res, 429, errorBody(429, TOO_MANY_REQUESTS_MESSAGE), { 'Retry-After': this.retryAfter() });
      return;
    }
    sendJson(res, 200, JSON.stringify(this.voiceList));
  }
}

/** Starts the emulator on 127.0.0.1 and resolves once it is listening. */
export async function startAzureServer(opts: AzureServerOptions = {}): Promise<AzureServer> {
  const http = createServer();
  http.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  return new AzureTtsServer(http, opts);
}
