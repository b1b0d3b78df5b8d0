/**
 * A simulated Azure TTS service for the queue simulation (simulate.ts): the same limits as the local
 * server (tests/support/azure-server), in virtual time. Every decision is the server's own: its
 * sliding-window limiter (tps-limiter.ts), its close texts (close-reasons.ts), its latency formula
 * (latency-model.ts) and the order of its checks (server.ts: cap at the upgrade, then on a turn
 * socket-over-cap -> concurrency limit -> TPS quota -> random throttle). What the client sees of a
 * refusal is the SDK's text, which the product's own classifier turns into a SynthesisError.
 */
import { classifySdkFailure } from '../../../electron/main/core/engines/azure/classify-error';
import type { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { throttleClose } from '../azure-server/close-reasons';
import { expectedTurnMs, jittered, type LatencyModel } from '../azure-server/latency-model';
import { deriveRng, type Rng } from '../azure-server/rng';
import { SlidingWindowLimiter } from '../azure-server/tps-limiter';

/** How the service signals a limit: close 4429, close 1007, or a gateway's HTTP 429 (+ close 1013 on open sockets). */
export type ThrottleForm = 4429 | 1007 | 429;

export interface ServiceLimits {
  /** Sockets the service keeps open at once; beyond it, the upgrade is refused (429) or the socket's first turn closed (4429). */
  readonly connectionCap?: { readonly cap: number; readonly form: 429 | 4429 };
  /** Turns running at once (all sockets); beyond it a turn is closed with 4429. */
  readonly concurrencyLimit?: number;
  /** Turns admitted per sliding window. */
  readonly tps?: { readonly limit: number; readonly windowMs: number; readonly form: ThrottleForm };
  /** Share of turns closed with 4429 at random, whatever the load. */
  readonly randomThrottleRate?: number;
}

export interface ServiceModelOptions extends ServiceLimits {
  readonly latency: LatencyModel;
  /**
   * One-way delay between client and service, drawn per message from [0, maxMs]: the network and the
   * client's event loop. It bunches evenly spaced sends, as a loaded machine does.
   */
  readonly oneWayDelayMs?: number;
  readonly seed?: number;
}

export interface ServiceCounters {
  upgrades: number;
  upgradesAccepted: number;
  upgradesRefused: number;
  openSockets: number;
  peakOpenSockets: number;
  turns: number;
  turnsCompleted: number;
  /** Throttle signals sent: throttled turns plus refused upgrades (the bench's throttleEvents). */
  throttleEvents: number;
  throttledTurns: number;
}

export interface SimSocket {
  readonly id: number;
  /** Accepted beyond a connection cap signalled by 4429: its first turn is closed. */
  readonly overCap: boolean;
  open: boolean;
}

const HOST = 'wss://sim.tts.speech.microsoft.com/cognitiveservices/websocket/v1';

export class ServiceModel {
  readonly counters: ServiceCounters = {
    upgrades: 0,
    upgradesAccepted: 0,
    upgradesRefused: 0,
    openSockets: 0,
    peakOpenSockets: 0,
    turns: 0,
    turnsCompleted: 0,
    throttleEvents: 0,
    throttledTurns: 0,
  };
  private readonly limiter: SlidingWindowLimiter | undefined;
  private readonly latencyRng: Rng;
  private readonly delayRng: Rng;
  private readonly faultRng: Rng;
  private concurrentTurns = 0;
  private accepting = 0;
  private nextSocketId = 1;

  constructor(readonly options: ServiceModelOptions) {
    this.limiter = options.tps ? new SlidingWindowLimiter(options.tps.limit, options.tps.windowMs) : undefined;
    const seed = options.seed ?? 1;
    this.latencyRng = deriveRng(seed, 'sim-latency');
    this.delayRng = deriveRng(seed, 'sim-delay');
    this.faultRng = deriveRng(seed, 'sim-faults');
  }

  /** One message's trip between client and service. */
  oneWayDelay(): number {
    const max = this.options.oneWayDelayMs ?? 0;
    return max > 0 ? this.delayRng() * max : 0;
  }

  /** Opens a socket: setup S, then the upgrade checks (cap, gateway quota); rejects as the SDK would. */
  async connect(): Promise<SimSocket> {
    this.counters.upgrades++;
    this.accepting++;
    try {
      await sleep(jittered(this.options.latency.connectMs, this.options.latency.jitter, this.latencyRng));
    } finally {
      this.accepting--;
    }
    const cap = this.options.connectionCap;
    const overCap = cap !== undefined && this.counters.openSockets >= cap.cap;
    const gatewayFull = this.options.tps?.form === 429 && this.limiter !== undefined && !this.limiter.wouldAdmit(Date.now());
    if ((overCap && cap.form === 429) || gatewayFull) {
      this.counters.upgradesRefused++;
      this.counters.throttleEvents++;
      throw this.failure(`Unable to contact server. StatusCode: 1006,\n                    ${HOST} Reason:  Unexpected server response: 429`, 'ConnectionFailure', 'connect');
    }
    this.counters.upgradesAccepted++;
    this.counters.openSockets++;
    this.counters.peakOpenSockets = Math.max(this.counters.peakOpenSockets, this.counters.openSockets);
    return { id: this.nextSocketId++, overCap, open: true };
  }

  /** The client closed its socket. */
  disconnect(socket: SimSocket): void {
    if (!socket.open) return;
    socket.open = false;
    this.counters.openSockets--;
  }

  /**
   * One turn on `socket`, from the moment the ssml frame reaches the service: resolves when the last
   * audio leaves it, or rejects (after closing the socket) when a limit refuses the turn.
   */
  async turn(socket: SimSocket, text: string, rate: number): Promise<void> {
    this.counters.turns++;
    this.concurrentTurns++;
    const close = this.admit(socket);
    if (close) {
      this.concurrentTurns--;
      this.counters.throttledTurns++;
      this.counters.throttleEvents++;
      this.disconnect(socket);
      throw this.failure(`${close.reason} websocket error code: ${close.code}`, close.code === 1007 ? 'BadRequestParameters' : 'ConnectionFailure', 'call');
    }
    try {
      await sleep(jittered(expectedTurnMs(text, rate, this.options.latency), this.options.latency.jitter, this.latencyRng));
    } finally {
      this.concurrentTurns--;
    }
    this.counters.turnsCompleted++;
  }

  private admit(socket: SimSocket): { code: number; reason: string } | undefined {
    if (socket.overCap) return throttleClose(4429);
    const limit = this.options.concurrencyLimit;
    if (limit !== undefined && this.concurrentTurns > limit) return throttleClose(4429);
    if (this.limiter && !this.limiter.tryAdmit(Date.now())) return throttleClose(this.options.tps!.form);
    const random = this.options.randomThrottleRate ?? 0;
    if (random > 0 && this.faultRng() < random) return throttleClose(4429);
    return undefined;
  }

  private failure(details: string, errorCode: string, phase: 'connect' | 'call'): SynthesisError {
    return classifySdkFailure({ details, errorCode, phase });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
