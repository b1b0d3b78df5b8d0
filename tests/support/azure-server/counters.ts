/** The emulator's counters: plain numbers behind small increment helpers. */
import type { AzureServerCounters } from './types';

function zero(): AzureServerCounters {
  return {
    upgrades: 0,
    upgradesAccepted: 0,
    upgradesRefused: {},
    openSockets: 0,
    peakOpenSockets: 0,
    turns: 0,
    turnsCompleted: 0,
    concurrentTurns: 0,
    peakConcurrentTurns: 0,
    turnsByOutcome: {},
    faults: {},
    closesByCode: {},
    serverClosesByCode: {},
    throttleEvents: 0,
    billableChars: 0,
    audioBytes: 0,
    voicesListRequests: 0,
  };
}

function bump<K extends string | number>(record: Record<K, number>, key: K, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

export class CounterStore {
  private c = zero();

  get raw(): Readonly<AzureServerCounters> {
    return this.c;
  }

  snapshot(): AzureServerCounters {
    return structuredClone(this.c);
  }

  /** Zeroes everything but the gauges, whose peaks restart from their current value. */
  reset(): void {
    const { openSockets, concurrentTurns } = this.c;
    this.c = zero();
    this.c.openSockets = openSockets;
    this.c.peakOpenSockets = openSockets;
    this.c.concurrentTurns = concurrentTurns;
    this.c.peakConcurrentTurns = concurrentTurns;
  }

  upgradeRequested(): void {
    this.c.upgrades++;
  }
  upgradeRefused(status: number): void {
    bump(this.c.upgradesRefused, status);
  }
  socketOpened(): void {
    this.c.upgradesAccepted++;
    this.c.openSockets++;
    this.c.peakOpenSockets = Math.max(this.c.peakOpenSockets, this.c.openSockets);
  }
  socketClosed(code: number): void {
    this.c.openSockets--;
    bump(this.c.closesByCode, String(code));
  }
  serverClosed(code: number): void {
    bump(this.c.serverClosesByCode, String(code));
  }
  turnStarted(): void {
    this.c.turns++;
    this.c.concurrentTurns++;
    this.c.peakConcurrentTurns = Math.max(this.c.peakConcurrentTurns, this.c.concurrentTurns);
  }
  turnFinished(outcome: string): void {
    this.c.concurrentTurns--;
    if (outcome === 'completed') this.c.turnsCompleted++;
    bump(this.c.turnsByOutcome, outcome);
  }
  fault(kind: string): void {
    bump(this.c.faults, kind);
  }
  throttled(): void {
    this.c.throttleEvents++;
  }
  billable(chars: number): void {
    this.c.billableChars += chars;
  }
  audio(bytes: number): void {
    this.c.audioBytes += bytes;
  }
  voicesListRequested(): void {
    this.c.voicesListRequests++;
  }
}
