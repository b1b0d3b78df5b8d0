/**
 * Azure benchmark (`npm run bench -- azure`): the 428-render course (the first 428 renders of the
 * sample course's plan, WAV) rendered through the real Speech SDK against the local Azure-protocol
 * server with a fixed latency model, by three strategies side by side in one run:
 *   per-request  the old pipeline: a new synthesizer per request, 8-16 at once
 *   old-pool     the original pipeline's pool (azure-strategies/old-pool.ts)
 *   ours         the product: Azure engine -> EnginePool -> CourseRun
 * in four scenarios: no faults, a connection cap below the pool size, a low TPS quota, and 3 % drops
 * + 1 % stalls. Each (scenario, strategy) gets a fresh server with the same seed. The table's columns
 * (an interface: others script against the --json line) are `AzureBenchRow`.
 *
 * T* (limitMs) = max(S + ΣL/C, S + max L, N/R) from the server's own latency model (physicalLimitMs),
 * with C = the pool size (8), or the connection cap when it is lower; the per-request baseline is held
 * to the same T*, so pctOfLimit = T* / wall compares like with like.
 *
 * Every time of the notes' setup (latency, TPS window, hang guard) is scaled by `timeScale`, default
 * 0.4, so the 12 runs take about 2.5 minutes; the runner's BENCH_AZURE_SCALE=1 runs them unscaled.
 */
import { loadavg } from 'node:os';
import { loadCourseFile } from '../../electron/main/core/course/load-course';
import { planRenders } from '../../electron/main/core/course/render-plan';
import type { Course } from '../../shared/model/course';
import type { RenderJob } from '../../shared/model/render';
import { expectedTurnMs, physicalLimitMs, startAzureServer, type AzureServerCounters, type AzureServerOptions, type LatencyModel } from '../support/azure-server';
import type { StrategyInput, StrategyName, StrategyResult } from './azure-strategies/common';
import { OLD_POOL_SETUP, runOldPool } from './azure-strategies/old-pool';
import { oursSetup, runOurs, type OursOptions } from './azure-strategies/ours';
import { PER_REQUEST_SETUP, runPerRequest } from './azure-strategies/per-request';

export const SAMPLE_COURSE = 'resources/courses/es-en-starter.json';
export const COURSE_RENDERS = 428;
export const POOL_SIZE = 8;

/** The latency of docs/design/pool-and-throttling.md §3's emulator check, before scaling. */
export const NOTES_LATENCY: Readonly<LatencyModel> = Object.freeze({ connectMs: 150, firstByteMs: 200, perCharMs: 5, jitter: 0 });
/** The baselines' hang guard before scaling: a call still unanswered after this long is given up (lost). */
export const HANG_GUARD_MS = 30_000;

export const SCENARIOS = ['no-faults', 'cap-below-pool', 'low-tps', 'drops-and-stalls'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export const STRATEGIES: readonly StrategyName[] = ['per-request', 'old-pool', 'ours'];

/** One row of the table and of the --json array: exactly these nine fields, in this order. */
export interface AzureBenchRow {
  scenario: ScenarioName;
  strategy: StrategyName;
  wallMs: number;
  limitMs: number;
  pctOfLimit: number;
  socketsOpened: number;
  peakSockets: number;
  throttleEvents: number;
  lost: number;
}

interface Scenario {
  readonly name: ScenarioName;
  readonly server: Pick<AzureServerOptions, 'connectionCap' | 'tps' | 'faults'>;
  readonly describe: string;
}

export const CONNECTION_CAP = 6;
/** The notes' low quota (docs/design/pool-and-throttling.md §3): 10 turns per second, refused turns closed with 1007. */
export const TPS_QUOTA = { limit: 10, windowMs: 1_000, closeCode: 1007 as const };
export const FAULT_RATES = { 'drop-mid-audio': 0.03, stall: 0.01 };
/** Ours' hard limit per call: a few seconds, so a stalled turn costs little (the SDK itself never times out). */
export const OURS_CALL_TIMEOUT_MS = 3_000;

/**
 * The scenarios at a time scale. Scaling is uniform: every time of the notes' setup (latency, the TPS
 * window, the baselines' hang guard) is multiplied by the same factor, so the quota keeps its ratio to
 * what the client could send (C / mean L) and the scaled run behaves like the unscaled one, only faster.
 */
function scenarioTable(scale: number): Record<ScenarioName, Scenario> {
  const tps = { ...TPS_QUOTA, windowMs: Math.round(TPS_QUOTA.windowMs * scale) };
  return {
    'no-faults': { name: 'no-faults', server: {}, describe: 'no connection cap beyond the pool, no TPS quota, no faults' },
    'cap-below-pool': {
      name: 'cap-below-pool',
      server: { connectionCap: CONNECTION_CAP },
      describe: `connection cap ${CONNECTION_CAP} (HTTP 429 on the upgrade beyond it) with pools of ${POOL_SIZE}`,
    },
    'low-tps': {
      name: 'low-tps',
      server: { tps },
      describe:
        `quota ${tps.limit} turns per ${tps.windowMs} ms, sliding window, a refused turn closed with ${tps.closeCode} "Throttled due to too many requests"` +
        (scale === 1 ? '' : ` (the notes' ${TPS_QUOTA.limit} per ${TPS_QUOTA.windowMs} ms, its window scaled x${scale} like every other time)`),
    },
    'drops-and-stalls': {
      name: 'drops-and-stalls',
      server: { faults: { rates: FAULT_RATES } },
      describe: `per turn: ${FAULT_RATES['drop-mid-audio'] * 100} % TCP drop mid-audio, ${FAULT_RATES.stall * 100} % stall (never answered)`,
    },
  };
}

export interface AzureBenchOptions {
  /** Renders of the course (the first N of the plan). Default 428. */
  readonly renders?: number;
  /**
   * Multiplies every time of the notes' setup: the latency model (S 150 ms, first byte 200 ms,
   * 5 ms/char), the TPS window (1000 ms) and the baselines' 30 s hang guard. Default 0.4, so that the 12
   * runs take a few minutes.
   */
  readonly timeScale?: number;
  /** Overrides the baselines' hang guard (default 30 s x timeScale); tests use a short one. */
  readonly hangGuardMs?: number;
  readonly scenarios?: readonly ScenarioName[];
  readonly strategies?: readonly StrategyName[];
  readonly seed?: number;
  /** Progress lines (one per run); default: stderr, so stdout keeps the tables and the JSON line. */
  readonly onProgress?: (line: string) => void;
}

export interface AzureBenchResult {
  readonly rows: AzureBenchRow[];
  /** Setup, strategies, per-run details, targets and warnings, to print under the table. */
  readonly notes: string[];
  /** Open sockets left on the server after a strategy had closed everything (should be none). */
  readonly warnings: string[];
}

const KEY = 'bench-key-0123456789';

/** The benchmark's course: the sample course cut to the phrases that hold the first `renders` renders, and those renders. */
export async function benchCourse(renders: number): Promise<{ course: Course; jobs: RenderJob[] }> {
  const { course: full } = await loadCourseFile(SAMPLE_COURSE);
  const course: Course = { ...full, phrases: full.phrases.slice(0, Math.ceil(renders / full.variants.length)) };
  const jobs = planRenders(course, { engine: 'azure', format: 'wav' }).slice(0, renders);
  if (jobs.length !== renders) throw new Error(`The sample course has only ${jobs.length} renders, not ${renders}`);
  return { course, jobs };
}

function scaledLatency(scale: number): LatencyModel {
  return {
    connectMs: NOTES_LATENCY.connectMs * scale,
    firstByteMs: NOTES_LATENCY.firstByteMs * scale,
    perCharMs: NOTES_LATENCY.perCharMs * scale,
    jitter: 0,
  };
}

/**
 * Ours in every scenario. The low-TPS quota is not a tier a producer would know and enter (F0 is 20
 * per 60 s, S0 200/s), so ours is given no rate limit: its AIMD limit and requeueing find the quota.
 */
const OURS: OursOptions = { maxConnections: POOL_SIZE, callTimeoutMs: OURS_CALL_TIMEOUT_MS };

export async function runAzureBench(options: AzureBenchOptions = {}): Promise<AzureBenchResult> {
  const renders = options.renders ?? COURSE_RENDERS;
  const scale = options.timeScale ?? 0.4;
  const seed = options.seed ?? 1;
  const scenarios = options.scenarios ?? SCENARIOS;
  const strategies = options.strategies ?? STRATEGIES;
  const progress = options.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const latency = scaledLatency(scale);
  const hangGuardMs = options.hangGuardMs ?? Math.round(HANG_GUARD_MS * scale);
  const loadAtStart = loadAverage();
  const { course, jobs } = await benchCourse(renders);
  const items = jobs.map((job) => ({ text: job.text, rate: job.rate }));
  const meanTurnMs = items.reduce((sum, item) => sum + expectedTurnMs(item.text, item.rate, latency), 0) / items.length;

  const table = scenarioTable(scale);
  const rows: AzureBenchRow[] = [];
  const details: string[] = [];
  const warnings: string[] = [];
  for (const name of scenarios) {
    const scenario = table[name];
    const concurrency = Math.min(POOL_SIZE, scenario.server.connectionCap ?? POOL_SIZE);
    const tps = scenario.server.tps;
    const limitMs = physicalLimitMs({ items, concurrency, latency, ...(tps ? { tps } : {}) });
    for (const strategy of strategies) {
      const server = await startAzureServer({ key: KEY, latency, seed, ...scenario.server });
      let result: StrategyResult;
      let counters: AzureServerCounters;
      try {
        const input: StrategyInput = { url: server.url, key: KEY, jobs, course, hangGuardMs, seed };
        result =
          strategy === 'per-request' ? await runPerRequest(input) : strategy === 'old-pool' ? await runOldPool(input) : await runOurs(input, OURS);
        const open = await server
          .waitFor((c) => c.openSockets === 0, 3_000)
          .then(() => 0)
          .catch(() => server.counters().openSockets);
        if (open) warnings.push(`WARNING: ${name} / ${strategy}: ${open} sockets still open on the server after the strategy closed everything`);
        counters = server.counters();
      } finally {
        await server.close();
      }
      const row: AzureBenchRow = {
        scenario: name,
        strategy,
        wallMs: Math.round(result.wallMs),
        limitMs: Math.round(limitMs),
        pctOfLimit: Math.round((limitMs / result.wallMs) * 1000) / 10,
        socketsOpened: counters.upgradesAccepted,
        peakSockets: counters.peakOpenSockets,
        throttleEvents: counters.throttleEvents,
        lost: result.lost,
      };
      rows.push(row);
      details.push(`  ${name} / ${strategy}: ${result.detail}`);
      progress(`azure: ${name} / ${strategy}: ${row.wallMs} ms (${row.pctOfLimit} % of T*), ${row.socketsOpened} sockets, ${row.throttleEvents} throttles, ${row.lost} lost`);
    }
  }

  const notes = [
    `Course: the first ${renders} renders of ${SAMPLE_COURSE} (WAV, RIFF 24 kHz 16-bit), the real Speech SDK against tests/support/azure-server, a fresh server (seed ${seed}) per row.`,
    `Latency (fixed, no jitter): S = ${fmt(latency.connectMs)} ms, L = ${fmt(latency.firstByteMs)} ms + ${fmt(latency.perCharMs)} ms/char (mean L ${Math.round(meanTurnMs)} ms)` +
      (scale === 1 ? '.' : `: docs/design/pool-and-throttling.md §3's 150 / 200 / 5 scaled x${scale} (as is every time below), so the 12 runs fit in a few minutes.`),
    `T* = max(S + sum(L)/C, S + max L, N/R) (physicalLimitMs), C = ${POOL_SIZE} (${CONNECTION_CAP} under the cap); every strategy of a scenario is held to the same T*; pctOfLimit = T*/wall.`,
    'Scenarios:',
    ...scenarios.map((name) => `  ${name}: ${table[name].describe}`),
    'Strategies:',
    `  per-request: ${PER_REQUEST_SETUP}`,
    `  old-pool: ${OLD_POOL_SETUP}`,
    `  ours: ${oursSetup(OURS)}`,
    '  Unlike the baselines (audio kept in memory), ours writes every file atomically and journals it (fsync); the write runs after the render has freed its slot for the next phrase.',
    `  The baselines have no timeout (nor has the SDK): the harness gives up on a call after ${hangGuardMs / 1000} s` +
      `${options.hangGuardMs === undefined && scale !== 1 ? ` (30 s x ${scale})` : ''} only to finish, and counts it lost; a stalled call would otherwise hang them for ever.`,
    'pctOfLimit above 100 means phrases were lost, not speed: a refused call fails in milliseconds (the "black hole" of docs/design/pool-and-throttling.md §3).',
    'Runs:',
    ...details,
    ...targets(rows),
    `Machine load (1-min load average) at start ${loadAtStart}, at end ${loadAverage()}: the timings share the CPU with anything else running, the server included.`,
    ...warnings,
  ];
  return { rows, notes, warnings };
}

function targets(rows: readonly AzureBenchRow[]): string[] {
  const ours = rows.filter((row) => row.strategy === 'ours');
  if (!ours.length) return [];
  const clean = ours.find((row) => row.scenario === 'no-faults');
  const lines = ['Targets (ours):'];
  if (clean) {
    lines.push(`  no-faults at >= 95 % of T*: ${clean.pctOfLimit >= 95 ? 'met' : 'MISSED'} (${clean.pctOfLimit} %)`);
    lines.push(`  no-faults sockets opened == pool size ${POOL_SIZE}: ${clean.socketsOpened === POOL_SIZE ? 'met' : 'MISSED'} (${clean.socketsOpened})`);
  }
  const lossy = ours.filter((row) => row.lost > 0);
  lines.push(`  0 phrases lost in every scenario: ${lossy.length ? `MISSED (${lossy.map((row) => `${row.scenario}: ${row.lost}`).join(', ')})` : 'met'}`);
  return lines;
}

function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}

function fmt(ms: number): string {
  return String(Math.round(ms * 100) / 100);
}
