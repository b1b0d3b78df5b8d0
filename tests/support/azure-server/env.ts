/** What a socket session and its turns need from the server (one object, built by server.ts). */
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
  /** Admits a turn under the TPS quota; returns the close code to use when it is refused. */
  admitTurn(now: number): undefined | 1007 | 4429;
  /** Appends a (live, still mutable) entry to the turn log. */
  record(entry: TurnLogEntry): void;
}

/** Epoch milliseconds with sub-millisecond precision. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
