/** Public types of the Azure TTS emulator: options, counters, turn log, server handle. */
import type { FaultKind, FaultPlan } from './faults';
import type { LatencyModel } from './latency-model';
import type { VoiceEntry } from './voices';

export interface TpsLimit {
  /** Turns that may start in any sliding window. */
  limit: number;
  windowMs: number;
  /**
   * How a refused turn is signalled: 1007 "Throttled due to too many requests" (default), 4429 after
   * turn.start (with the service's "concurrent request limit" text, though it is a rate), or 429: a
   * gateway that speaks HTTP refuses upgrades with 429 while the window is full and ends a refused
   * turn's socket with close 1013 "Too many requests. Please try again later.".
   */
  closeCode?: 4429 | 1007 | 429;
}

export interface AzureServerOptions {
  /** 0 or absent = a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /**
   * The accepted subscription key, read from the Ocp-Apim-Subscription-Key header, or from the
   * query string when the header is absent. Absent = any non-empty key is accepted. A missing or
   * wrong key gets HTTP 401 on the upgrade (and on the voices list).
   */
  key?: string;
  /** Most sockets open at once; an upgrade beyond it gets HTTP 429 with Retry-After (see connectionCapSignal). */
  connectionCap?: number;
  /**
   * How the connection cap is signalled: 429 on the upgrade (default), or 4429: the upgrade is
   * accepted and the socket's first turn is closed with 4429 ("concurrent request limit").
   */
  connectionCapSignal?: 429 | 4429;
  /** Most turns running at once (all sockets); a turn beyond it is closed with 4429 after turn.start. */
  concurrencyLimit?: number;
  /** Retry-After on 429 answers (upgrade cap, refuse-upgrade-429, voices-list-429). Default 1. */
  retryAfterSeconds?: number;
  /** Turn-start quota; a turn beyond it has its socket closed (1007 or 4429). */
  tps?: TpsLimit;
  /** Setup and turn timing; default all zero (audio still arrives in ~100 ms chunks). */
  latency?: LatencyModel;
  /** Close sockets idle (no turn running) for this long, with code 1000. */
  idleCloseMs?: number;
  /** Close a socket with 1000 once it is this old: at once when idle, else right after its turn. */
  maxSocketLifetimeMs?: number;
  faults?: FaultPlan;
  /** Voice catalogue; default `defaultVoices()`. */
  voices?: VoiceEntry[];
  /** Seed for every random choice. Default 1. */
  seed?: number;
  /** Turn log entries kept (oldest dropped first). Default 100 000. */
  turnLogLimit?: number;
}

export type TurnOutcome =
  | 'running'
  | 'completed'
  | 'throttled'
  | 'invalid-ssml'
  | 'unsupported-voice'
  | 'unsupported-format'
  | 'stalled'
  | 'dropped'
  | 'closed-1000'
  | 'closed-1011'
  | 'closed-4429'
  | 'closed-1007'
  /** The socket went away mid-turn for another reason (client close, outage, server shutdown). */
  | 'aborted';

export interface TurnLogEntry {
  requestId: string;
  /** X-ConnectionId of the upgrade (SDK: 32 hex), or "" if none. */
  connectionId: string;
  /** Server-side socket number, 1-based in accept order. */
  socketId: number;
  /** Canonical short name of the first voice; null if the SSML did not parse. */
  voice: string | null;
  /** Prosody rate of the first text run; null if the SSML did not parse. */
  rate: number | null;
  /** Spoken text (entities decoded, whitespace collapsed); null if the SSML did not parse. */
  text: string | null;
  ssml: string;
  outputFormat: string;
  wordBoundary: boolean;
  /** Epoch ms (fractional) when the ssml frame arrived. */
  receivedAt: number;
  /** Epoch ms when the turn began (later than receivedAt only if it queued behind another turn). */
  startedAt: number;
  firstByteAt?: number;
  endedAt?: number;
  outcome: TurnOutcome;
  fault?: FaultKind;
  closeCode?: number;
  closeReason?: string;
  /** Turn time the model chose for this turn (with jitter), ms. */
  plannedTurnMs?: number;
  audioMs: number;
  audioBytes: number;
  billableChars: number;
}

export interface AzureServerCounters {
  /** Upgrade requests received, accepted or not. */
  upgrades: number;
  upgradesAccepted: number;
  /** Refused upgrades by HTTP status; 0 = connection destroyed without an answer (outage). */
  upgradesRefused: Record<number, number>;
  openSockets: number;
  peakOpenSockets: number;
  /** Turns started: every ssml frame, counted when its turn begins (after any turn ahead of it on the same socket). */
  turns: number;
  turnsCompleted: number;
  concurrentTurns: number;
  peakConcurrentTurns: number;
  turnsByOutcome: Record<string, number>;
  /** Injected faults applied, by kind. */
  faults: Record<string, number>;
  /** Every socket close, by the code ws reports (1006 = no close frame, e.g. terminate). */
  closesByCode: Record<string, number>;
  /** Closes the server initiated, by the code it sent (terminate = 1006). */
  serverClosesByCode: Record<string, number>;
  /** Throttling signals sent: cap 429s, TPS closes, refuse-upgrade-429/close-4429/close-1007/voices-list-429 faults. */
  throttleEvents: number;
  /** Characters of spoken text in turns that began streaming audio. */
  billableChars: number;
  audioBytes: number;
  voicesListRequests: number;
}

export interface AzureServer {
  /** http://127.0.0.1:PORT: pass to SpeechConfig.fromHost(new URL(url), key). */
  readonly url: string;
  readonly port: number;
  counters(): AzureServerCounters;
  turnLog(): TurnLogEntry[];
  /** Zeroes the counters; gauges (open sockets, concurrent turns) keep their value and reset their peak to it. */
  resetCounters(): void;
  clearTurnLog(): void;
  /** Resolves once the predicate holds for the counters (polled every 5 ms); rejects after timeoutMs. */
  waitFor(predicate: (c: AzureServerCounters) => boolean, timeoutMs?: number): Promise<AzureServerCounters>;
  /** Queues one-shot faults for the next events of their type. */
  injectNext(...faults: FaultKind[]): void;
  setFaultRates(rates: Partial<Record<FaultKind, number>>): void;
  /** Outage on: open sockets are destroyed and every new connection is destroyed unanswered. */
  setOutage(on: boolean): void;
  setConnectionCap(cap: number | undefined, signal?: 429 | 4429): void;
  setConcurrencyLimit(limit: number | undefined): void;
  setTps(tps: TpsLimit | undefined): void;
  setLatency(latency: LatencyModel): void;
  setIdleCloseMs(ms: number | undefined): void;
  setMaxSocketLifetimeMs(ms: number | undefined): void;
  /** Closes every open socket with this code (default 1000); returns how many. */
  closeAllSockets(code?: number, reason?: string): number;
  /** Terminates all sockets and stops listening. Idempotent. */
  close(): Promise<void>;
}
