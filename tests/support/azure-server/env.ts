/** What a socket session and its turns need from the server (one object, built by server.ts). */
import type { ThrottleClose } from './close-reasons';
import type { CounterStore } from './counters';
import type { FaultScheduler } from './faults';
import type { LatencyModel } from './latency-model';
import type { Rng } from './rng';
import type { TurnLogEntry } from './types';
import type { VoiceCatalog } from './voices';

export interface ServerEnv {
  readonly counters: CounterStore;
  readonly voices: VoiceCatalog;
  readonly faults: FaultScheduler;
  readonly seed: number;
  /** Jitter and ids. */
  readonly rng: Rng;
  latency(): LatencyModel;
  idleCloseMs(): number | undefined;
  maxSocketLifetimeMs(): number | undefined;
  /**
   * Admits a turn under the connection cap (sockets accepted beyond a 4429-signalled cap), the
   * concurrency limit and the TPS quota; returns how to close it when it is refused.
   */
  admitTurn(now: number, socket: { readonly overCap: boolean }): ThrottleClose | undefined;
  /** Appends a (live, still mutable) entry to the turn log. */
  record(entry: TurnLogEntry): void;
}

/** Epoch milliseconds with sub-millisecond precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
