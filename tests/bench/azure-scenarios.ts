/**
 * The Azure benchmark's scenarios (tests/bench/azure.ts): what the server does in each. Every time of
 * the notes' setup is scaled by the same factor, so a quota keeps its ratio to what the client could
 * send (C / mean L) and the scaled run behaves like the unscaled one, only faster.
 *
 * The throttle forms follow protocol notes section 4.17: a request-rate quota may be signalled by close 1007
 * "Throttled due to too many requests", by close 4429 (whose text speaks of a "concurrent request
 * limit") or by a gateway's HTTP 429; ours must find the quota whichever it is.
 */
import type { AzureServerOptions } from '../support/azure-server';

export const SCENARIOS = [
  'no-faults',
  'cap-below-pool',
  'cap-below-pool-4429',
  'low-tps',
  'low-tps-4429',
  'low-tps-429',
  'random-4429',
  'drops-and-stalls',
  'silent-server',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Scenario {
  readonly name: ScenarioName;
  /** Absent for the silent server (a bare TCP listener, azure-server/silent-server.ts). */
  readonly server: Pick<AzureServerOptions, 'connectionCap' | 'connectionCapSignal' | 'tps' | 'faults'> | null;
  readonly describe: string;
}

export const POOL_SIZE = 8;
export const CONNECTION_CAP = 6;
/** The notes' low quota (pool-and-throttling.md section 3): 10 turns per second, sliding window. */
export const TPS_QUOTA = { limit: 10, windowMs: 1_000 };
export const FAULT_RATES = { 'drop-mid-audio': 0.03, stall: 0.01 };
export const RANDOM_THROTTLE_RATE = 0.2;
/** Ours' give-up deadline against the silent server, before scaling (the product's default is 600 s). */
export const SILENT_GIVE_UP_MS = 20_000;

export function scenarioTable(scale: number): Record<ScenarioName, Scenario> {
  const window = Math.round(TPS_QUOTA.windowMs * scale);
  const scaledNote = scale === 1 ? '' : ` (the notes' ${TPS_QUOTA.limit} per ${TPS_QUOTA.windowMs} ms, its window scaled x${scale} like every other time)`;
  const tps = (closeCode: 1007 | 4429 | 429, how: string): Scenario['describe'] => `quota ${TPS_QUOTA.limit} turns per ${window} ms, sliding window, ${how}${scaledNote}`;
  return {
    'no-faults': { name: 'no-faults', server: {}, describe: 'no connection cap beyond the pool, no TPS quota, no faults' },
    'cap-below-pool': {
      name: 'cap-below-pool',
      server: { connectionCap: CONNECTION_CAP },
      describe: `connection cap ${CONNECTION_CAP} (HTTP 429 on the upgrade beyond it) with pools of ${POOL_SIZE}`,
    },
    'cap-below-pool-4429': {
      name: 'cap-below-pool-4429',
      server: { connectionCap: CONNECTION_CAP, connectionCapSignal: 4429 },
      describe: `connection cap ${CONNECTION_CAP} signalled by accepting the upgrade and closing the socket's first turn with 4429`,
    },
    'low-tps': {
      name: 'low-tps',
      server: { tps: { ...TPS_QUOTA, windowMs: window, closeCode: 1007 } },
      describe: tps(1007, 'a refused turn closed with 1007 "Throttled due to too many requests"'),
    },
    'low-tps-4429': {
      name: 'low-tps-4429',
      server: { tps: { ...TPS_QUOTA, windowMs: window, closeCode: 4429 } },
      describe: tps(4429, 'a refused turn closed with 4429 "…exceeded the concurrent request limit…" after turn.start'),
    },
    'low-tps-429': {
      name: 'low-tps-429',
      server: { tps: { ...TPS_QUOTA, windowMs: window, closeCode: 429 } },
      describe: tps(429, 'a gateway that speaks HTTP 429: upgrades refused while the window is full, a refused turn closed with 1013 "Too many requests"'),
    },
    'random-4429': {
      name: 'random-4429',
      server: { faults: { rates: { 'close-4429': RANDOM_THROTTLE_RATE } } },
      describe: `${RANDOM_THROTTLE_RATE * 100} % of turns closed with 4429 at random, whatever the load (no limit binds)`,
    },
    'drops-and-stalls': {
      name: 'drops-and-stalls',
      server: { faults: { rates: FAULT_RATES } },
      describe: `per turn: ${FAULT_RATES['drop-mid-audio'] * 100} % TCP drop mid-audio, ${FAULT_RATES.stall * 100} % stall (never answered)`,
    },
    'silent-server': {
      name: 'silent-server',
      server: null,
      describe:
        `a host that accepts TCP and never answers the upgrade; ours gives up after ${Math.round(SILENT_GIVE_UP_MS * scale) / 1000} s (--give-up-after, ` +
        `${SILENT_GIVE_UP_MS / 1000} s x ${scale}); the baselines are not run (no connect timeout: every call would wait for the hang guard)`,
    },
  };
}
