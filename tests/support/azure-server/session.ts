/**
 * One accepted WebSocket: reads client frames (docs/design/azure-tts-protocol.md section 1.4), keeps the synthesis.context of
 * each request id, runs one turn at a time (later ssml frames wait in FIFO order, as for Edge
 * clients that multiplex), and owns the socket's idle and lifetime timers.
 *
 * speech.config is ignored except for an Edge-dialect outputFormat (docs/design/azure-tts-protocol.md section 5). A frame that
 * cannot be parsed closes the socket with 1002, as the legacy protocol specifies.
 */
import type { WebSocket } from 'ws';
import { CODE_NORMAL, REASON_IDLE, REASON_LIFETIME, fitCloseReason } from './close-reasons';
import { nowMs, type ServerEnv } from './env';
import { FrameError, parseClientTextFrame } from './frames';
import { DEFAULT_OUTPUT_FORMAT } from './output-formats';
import { Turn, type TurnRequest, type TurnSocket } from './turn';

interface RequestContext {
  outputFormat?: string;
  wordBoundary?: boolean;
  sessionEnd?: boolean;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function field(obj: unknown, ...names: string[]): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const record = obj as Record<string, unknown>;
  for (const name of names) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return record[key];
  }
  return undefined;
}

/** Reads outputFormat and metadata options from a synthesis.context or Edge speech.config body. */
function readAudioContext(json: unknown): RequestContext {
  const synthesis = field(json, 'synthesis') ?? field(field(json, 'context'), 'synthesis');
  const audio = field(synthesis, 'audio');
  const options = field(audio, 'metadataOptions');
  const format = field(audio, 'outputFormat');
  const ctx: RequestContext = {};
  if (typeof format === 'string' && format !== '') ctx.outputFormat = format;
  const wordBoundary = field(options, 'wordBoundaryEnabled');
  if (wordBoundary !== undefined) ctx.wordBoundary = isTrue(wordBoundary);
  const sessionEnd = field(options, 'sessionEndEnabled');
  if (sessionEnd !== undefined) ctx.sessionEnd = isTrue(sessionEnd);
  return ctx;
}

export class Session implements TurnSocket {
  readonly openedAt = performance.now();
  private readonly contexts = new Map<string, RequestContext>();
  private socketDefaults: RequestContext = {};
  private readonly queue: TurnRequest[] = [];
  private active: Turn | undefined;
  private closing = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private lifetimeTimer: NodeJS.Timeout | undefined;
  private retireAfterTurn = false;
  /** Set by the close-1000-on-first-frame fault. */
  closeOnFirstFrame = false;
  /** Accepted beyond a connection cap signalled by 4429: its turns are throttled. */
  overCap = false;

  constructor(
    private readonly env: ServerEnv,
    private readonly ws: WebSocket,
    readonly socketId: number,
    readonly connectionId: string,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer | Buffer[], isBinary));
    this.armIdle();
    const lifetime = env.maxSocketLifetimeMs();
    if (lifetime !== undefined && lifetime > 0) this.lifetimeTimer = setTimeout(() => this.onLifetimeReached(), lifetime);
  }

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  send(data: string | Buffer, done?: (error?: Error) => void): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(data, done);
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.clearTimers();
    this.env.counters.serverClosed(code);
    this.ws.close(code, fitCloseReason(reason));
  }

  terminate(): void {
    if (this.ws.readyState === this.ws.CLOSED) return;
    if (!this.closing) this.env.counters.serverClosed(1006);
    this.closing = true;
    this.clearTimers();
    this.ws.terminate();
  }

  /** Called once ws reports the socket closed, whoever closed it. */
  onClosed(): void {
    this.closing = true;
    this.clearTimers();
    this.queue.length = 0;
    this.active?.abort();
    this.active = undefined;
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.lifetimeTimer) clearTimeout(this.lifetimeTimer);
    this.idleTimer = undefined;
    this.lifetimeTimer = undefined;
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const idle = this.env.idleCloseMs();
    if (idle !== undefined && idle > 0 && !this.closing) {
      this.idleTimer = setTimeout(() => {
        if (!this.active) this.close(CODE_NORMAL, REASON_IDLE);
      }, idle);
    }
  }

  private onLifetimeReached(): void {
    this.lifetimeTimer = undefined;
    if (this.active) this.retireAfterTurn = true;
    else this.close(CODE_NORMAL, REASON_LIFETIME);
  }

  private onMessage(data: Buffer | Buffer[], isBinary: boolean): void {
    if (this.closing) return;
    if (this.closeOnFirstFrame) {
      this.close(CODE_NORMAL, '');
      return;
    }
    if (isBinary) return; // the TTS client never sends audio; ignore like unknown paths
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data).toString('utf8');
    let frame;
    try {
      frame = parseClientTextFrame(text);
    } catch (error) {
      if (error instanceof FrameError) {
        this.close(1002, `Protocol error: ${error.message}`);
        return;
      }
      throw error;
    }
    const path = frame.path.toLowerCase();
    const requestKey = frame.requestId.toLowerCase();
    if (path === 'speech.config') {
      // The SDK's speech.config carries only system info; Edge clients put the format here.
      const ctx = readAudioContext(safeJson(frame.body));
      this.socketDefaults = { ...this.socketDefaults, ...ctx };
    } else if (path === 'synthesis.context') {
      this.contexts.set(requestKey, readAudioContext(safeJson(frame.body)));
    } else if (path === 'ssml') {
      if (frame.requestId === '') {
        this.close(1002, 'Protocol error: ssml frame without X-RequestId');
        return;
      }
      const ctx = { ...this.socketDefaults, ...this.contexts.get(requestKey) };
      this.contexts.delete(requestKey);
      this.queue.push({
        requestId: frame.requestId,
        ssml: frame.body,
        outputFormat: ctx.outputFormat ?? DEFAULT_OUTPUT_FORMAT,
        wordBoundary: ctx.wordBoundary ?? false,
        sessionEnd: ctx.sessionEnd ?? true,
        receivedAt: nowMs(),
      });
      this.startNext();
    }
    // Other paths (synthesis.control, text.piece, telemetry…) are accepted and ignored.
  }

  private startNext(): void {
    if (this.active || this.closing) return;
    const request = this.queue.shift();
    if (!request) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const turn = new Turn(this.env, this, request, { socketId: this.socketId, connectionId: this.connectionId, overCap: this.overCap }, (t) => this.onTurnFinished(t));
    this.active = turn;
    try {
      turn.start();
    } catch (error) {
      // An emulator bug must not crash the host process: fail the turn like a server error.
      turn.abort();
      this.close(1011, `Emulator error: ${String(error)}`);
    }
  }

  private onTurnFinished(turn: Turn): void {
    if (this.active !== turn) return;
    this.active = undefined;
    if (this.closing) return;
    if (turn.closeSocketAfter) {
      this.close(CODE_NORMAL, REASON_IDLE);
      return;
    }
    if (this.retireAfterTurn) {
      this.close(CODE_NORMAL, REASON_LIFETIME);
      return;
    }
    this.armIdle();
    if (this.queue.length > 0) setImmediate(() => this.startNext());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
