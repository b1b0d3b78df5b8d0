/**
 * How a run with the Azure engine is set up: pool recycling, the call timeout, where the adaptive
 * concurrency starts, and the client-side rate limit of a known tier. One place, so the CLI and the
 * studio configure Azure runs the same way.
 *
 * Environment (for tests and troubleshooting; the defaults are right for the real service):
 *   CAS_AZURE_CALL_TIMEOUT_MS     hard limit for one render, borrow to audio (default 30000)
 *   CAS_AZURE_CONNECT_TIMEOUT_MS  limit for opening one socket (default 10000)
 */
import { DEFAULT_CALL_TIMEOUT_MS } from '../call-timeout';
import type { EnginePoolOptions } from '../engine-pool';

export type AzureTier = 'f0' | 's0';
/** A pricing tier, or a custom quota in requests per second (shared/model/azure-tier.ts). */
export type AzureTierSetting = AzureTier | { readonly requestsPerSecond: number };

/**
 * Client-side rate limits per tier (quotas: F0 20 transactions per 60 s, S0 200 per second).
 * The queue's token bucket allows a burst of count/4 on top of its refill, so the configured count
 * leaves room for that burst inside the service's sliding window: 16 + 4 = 20 per 60 s on F0.
 */
export const AZURE_TIERS: Readonly<Record<AzureTier, { readonly count: number; readonly intervalMs: number }>> = {
  f0: { count: 16, intervalMs: 60_000 },
  s0: { count: 160, intervalMs: 1_000 },
};

export { DEFAULT_CALL_TIMEOUT_MS };
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Recycle a synthesizer after this many calls: the SDK retains ~1.9 KB per call until its socket closes. */
export const DEFAULT_MAX_USES = 2_000;
/** Recycle a synthesizer after this long (jittered by the pool), between calls only. */
export const DEFAULT_MAX_LIFETIME_MS = 10 * 60_000;

/** A headless run stops after this long without a completed turn (`--give-up-after`). */
export const DEFAULT_GIVE_UP_AFTER_MS = 600_000;

/** Where Azure's quota guidance starts a client ("start at 20 concurrent, add 20 every 90-120 s"). */
export const INITIAL_CONCURRENCY_CEILING = 20;

export interface AzureRunDefaults {
  readonly callTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pool: Required<Pick<EnginePoolOptions, 'maxConnections' | 'callTimeoutMs' | 'maxUses' | 'maxLifetimeMs'>>;
  /** Where the queue's AIMD limit starts; it climbs to maxConnections while the service keeps up. */
  readonly initialConcurrency: number;
  readonly rateLimit?: { readonly count: number; readonly intervalMs: number };
}

/** The client-side rate for a tier: the known ones from the table, a custom rate at 80 % (room for the burst). */
export function tierRateLimit(tier: AzureTierSetting): { readonly count: number; readonly intervalMs: number } {
  if (typeof tier === 'string') return AZURE_TIERS[tier];
  if (!(tier.requestsPerSecond > 0)) throw new RangeError(`A custom Azure quota must be more than 0 requests per second, got ${tier.requestsPerSecond}`);
  return { count: tier.requestsPerSecond * 0.8, intervalMs: 1_000 };
}

/** Words for a tier, for progress lines and the settings page. */
export function describeTier(tier: AzureTierSetting): string {
  const { count, intervalMs } = tierRateLimit(tier);
  const name = typeof tier === 'string' ? tier.toUpperCase() : `a quota of ${tier.requestsPerSecond} requests/s`;
  return `${name}: at most ${Math.round(count * 10) / 10} requests per ${intervalMs / 1000} s`;
}

/** The call and connect timeouts every Azure engine gets (the studio's engine factory and run-setup alike). */
export function azureTimeouts(env: NodeJS.ProcessEnv = process.env): { readonly callTimeoutMs: number; readonly connectTimeoutMs: number } {
  const { callTimeoutMs, connectTimeoutMs } = azureRunDefaults({ maxConnections: 1, env });
  return { callTimeoutMs, connectTimeoutMs };
}

export function azureRunDefaults(options: { maxConnections: number; tier?: AzureTierSetting; env?: NodeJS.ProcessEnv }): AzureRunDefaults {
  const env = options.env ?? process.env;
  const callTimeoutMs = positiveInt(env.CAS_AZURE_CALL_TIMEOUT_MS, 'CAS_AZURE_CALL_TIMEOUT_MS') ?? DEFAULT_CALL_TIMEOUT_MS;
  const connectTimeoutMs = positiveInt(env.CAS_AZURE_CONNECT_TIMEOUT_MS, 'CAS_AZURE_CONNECT_TIMEOUT_MS') ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, callTimeoutMs);
  const max = options.maxConnections;
  return {
    callTimeoutMs,
    connectTimeoutMs,
    pool: { maxConnections: max, callTimeoutMs, maxUses: DEFAULT_MAX_USES, maxLifetimeMs: DEFAULT_MAX_LIFETIME_MS },
    // Azure's throttling guidance starts at 20 concurrent requests and adds more gradually: a pool up
    // to that size starts full (ramping would only leave sockets idle), a larger one climbs by AIMD.
    initialConcurrency: Math.min(max, INITIAL_CONCURRENCY_CEILING),
    ...(options.tier ? { rateLimit: tierRateLimit(options.tier) } : {}),
  };
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a whole number of milliseconds > 0, got "${value}"`);
  return n;
}
