/** Options and counters of the local batch synthesis server (see README.md). */
import type { LatencyModel } from '../azure-server/latency-model';
import type { VoiceEntry } from '../azure-server/voices';

export interface BatchServerOptions {
  /** 0 = any free port. */
  readonly port?: number;
  /** When set, every API call must carry `Ocp-Apim-Subscription-Key: <key>` (401 otherwise). */
  readonly key?: string;
  /** How long a new job stays NotStarted. Default 1000 ms. */
  readonly queueMs?: number;
  /** Running time of a job: base plus per input. Defaults 2000 ms + 20 ms per input. */
  readonly jobBaseMs?: number;
  readonly perInputMs?: number;
  /**
   * The per-request cost model of the WebSocket emulator (first byte + per character / rate): each
   * input then costs what its interactive turn would, spread over `fleet` parallel synthesizers of the
   * service, and replaces `perInputMs`. For side-by-side benchmarks.
   */
  readonly latency?: LatencyModel;
  readonly fleet?: number;
  /** The service's per-job limits (documented: 10,000 inputs, 2 MB of JSON). */
  readonly maxInputs?: number;
  readonly maxPayloadBytes?: number;
  /** API requests allowed per window (documented: 100 per 10 s); above it, 429 with Retry-After. */
  readonly rateLimit?: { readonly requests: number; readonly windowMs: number };
  /** The first N jobs created fail as a whole (a transient service failure). */
  readonly failFirstJobs?: number;
  /** A job with an input containing this text fails as a whole, every time. */
  readonly failJobMarker?: string;
  /** An input containing this text fails on its own (summary.json says Failed); the rest succeed. */
  readonly failInputMarker?: string;
  /** Answer every request 503 (an outage) from the start; `setUnavailable()` switches it later. */
  readonly unavailable?: boolean;
  /** Seed of the synthetic audio; the WebSocket emulator's default is 1 too, so audio matches it. */
  readonly seed?: number;
  readonly voices?: VoiceEntry[];
}

export interface BatchServerCounters {
  /** Every HTTP request, API and result downloads alike. */
  requests: number;
  creates: number;
  gets: number;
  lists: number;
  deletes: number;
  downloads: number;
  /** GET /cognitiveservices/voices/list (the voice check before a run). */
  voiceLists: number;
  /** Requests answered 429. */
  throttled: number;
  /** Inputs synthesized (a resubmitted job's inputs count again: they are billed again). */
  inputsSynthesized: number;
  /** Ids of every job created, in order. */
  jobIds: string[];
  /** TCP connections from clients: open now, most at once, and in total. */
  socketsOpen: number;
  socketsPeak: number;
  socketsTotal: number;
}

export interface BatchServer {
  /** e.g. http://127.0.0.1:PORT: the Speech resource endpoint (`{endpoint}/texttospeech/batchsyntheses`). */
  readonly url: string;
  counters(): BatchServerCounters;
  /** Ids of jobs the server still holds (not deleted). */
  jobIds(): string[];
  /** true: every request is answered 503 from now on (an outage); false: the service answers again. */
  setUnavailable(value: boolean): void;
  close(): Promise<void>;
}
