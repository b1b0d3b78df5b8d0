/**
 * Azure benchmark (`npm run bench -- azure`): the 428-render course (the first 428 renders of the
 * sample course's plan, WAV) rendered through the real Speech SDK against the local Azure-protocol
 * server with a fixed latency model, by three strategies side by side in one run:
 *   per-request  the old pipeline: a new synthesizer per request, 8-16 at once
 *   old-pool     the original pipeline's pool (azure-strategies/old-pool.ts)
 *   ours         the product: Azure engine -> EnginePool -> CourseRun
 * in the scenarios of azure-scenarios.ts: no faults, a connection cap below the pool (HTTP 429 or
 * 4429), a low TPS quota signalled by 1007, 4429 or 429, 20 % random 4429 throttles, 3 % drops + 1 %
 * stalls, and a silent server (ours only). Each (scenario, strategy) gets a fresh server with the same seed. The table's columns
 * (an interface: others script against the --json line) are `AzureBenchRow`.
 *
 * T* (limitMs) = max(S + ΣL/C, S + max L, N/R) from the server's own latency model (physicalLimitMs),
 * with C = the pool size (8), or the connection cap when it is lower; the per-request baseline is held
 * to the same T*, so pctOfLimit = T* / wall compares like with like.
 *
 * Every time of the notes' setup (latency, TPS window, hang guard) is scaled by `timeScale`, default
 * 0.4, so the 25 runs take about 6 minutes; the runner's BENCH_AZURE_SCALE=1 runs them unscaled.
 */
import { loadavg } from 'node:os';
import { loadCourseFile } from '../../electron/main/core/course/load-course';
import { planRenders } from '../../electron/main/core/course/render-plan';
import type { Course } from '../../shared/model/course';
import type { RenderJob } from '../../shared/model/render';
import { expectedTurnMs, physicalLimitMs, startAzureServer, startSilentServer, type AzureServerCounters, type LatencyModel } from '../support/azure-server';
import { CONNECTION_CAP, POOL_SIZE, SCENARIOS, SILENT_GIVE_UP_MS, scenarioTable, type Scenario, type ScenarioName } from './azure-scenarios';
import type { StrategyInput, StrategyName, StrategyResult } from './azure-strategies/common';
import { OLD_POOL_SETUP, runOldPool } from './azure-strategies/old-pool';
import { oursSetup, runOurs, type OursOptions } from './azure-strategies/ours';
import { PER_REQUEST_SETUP, runPerRequest } from './azure-strategies/per-request';

export const SAMPLE_COURSE = 'resources/courses/es-en-starter.json';
export const COURSE_RENDERS = 428;

/** The latency of docs/design/pool-and-throttling.md section 3's emulator check, before scaling. */
export const NOTES_LATENCY: Readonly<LatencyModel> = Object.freeze({ connectMs: 150, firstByteMs: 200, perCharMs: 5, jitter: 0 });
/** The baselines' hang guard before scaling: a call still unanswered after this long is given up (lost). */
export const HANG_GUARD_MS = 30_000;

export const STRATEGIES: readonly StrategyName[] = ['per-request', 'old-pool', 'ours'];
export { SCENARIOS, CONNECTION_CAP, POOL_SIZE, type ScenarioName };

/** One row of the table and of the --json array: these fields, in this order (extend only). */
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
  /** Why the run stopped before finishing ('unreachable' against the silent server), else ''. */
  stopReason: string;
}

/** Ours' hard limit per call: a few seconds, so a stalled turn costs little (the SDK itself never times out). */
export const OURS_CALL_TIMEOUT_MS = 3_000;

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

  const table: Record<ScenarioName, Scenario> = scenarioTable(scale);
  const rows: AzureBenchRow[] = [];
  const details: string[] = [];
  const warnings: string[] = [];
  for (const name of scenarios) {
    const scenario = table[name];
    if (!scenario.server) {
      if (strategies.includes('ours')) {
        const giveUpAfterMs = Math.round(SILENT_GIVE_UP_MS * scale);
        const { row, detail } = await runSilent(name, { course, jobs, hangGuardMs, seed, giveUpAfterMs });
        rows.push(row);
        details.push(`  ${name} / ours: ${detail}`);
        progress(`azure: ${name} / ours: stopped after ${row.wallMs} ms (${row.stopReason}), ${row.socketsOpened} TCP connections, peak ${row.peakSockets}, ${row.lost} lost`);
      }
      continue;
    }
    const concurrency = Math.min(POOL_SIZE, scenario.server.connectionCap ?? POOL_SIZE);
    const tps = scenario.server.tps;
    const limitMs = physicalLimitMs({ items, concurrency, latency, ...(tps ? { tps } : {}) });
    for (const strategy of strategies) {
      const server = await startAzureServer({ key: KEY, latency, seed, ...scenario.server });
      let result: StrategyResult & { stopReason?: string };
      let counters: AzureServerCounters;
      try {
        const input: StrategyInput = { url: server.url, key: KEY, jobs, course, hangGuardMs, seed };
        result = strategy === 'per-request' ? await runPerRequest(input) : strategy === 'old-pool' ? await runOldPool(input) : await runOurs(input, OURS);
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
        stopReason: result.stopReason ?? '',
      };
      rows.push(row);
      details.push(`  ${name} / ${strategy}: ${result.detail}`);
      progress(`azure: ${name} / ${strategy}: ${row.wallMs} ms (${row.pctOfLimit} % of T*), ${row.socketsOpened} sockets, ${row.throttleEvents} throttles, ${row.lost} lost`);
    }
  }

  const notes = [
    `Course: the first ${renders} renders of ${SAMPLE_COURSE} (WAV, RIFF 24 kHz 16-bit), the real Speech SDK against tests/support/azure-server, a fresh server (seed ${seed}) per row.`,
    `Latency (fixed, no jitter): S = ${fmt(latency.connectMs)} ms, L = ${fmt(latency.firstByteMs)} ms + ${fmt(latency.perCharMs)} ms/char (mean L ${Math.round(meanTurnMs)} ms)` +
      (scale === 1 ? '.' : `: docs/design/pool-and-throttling.md section 3's 150 / 200 / 5 scaled x${scale} (as is every time below), so the runs fit in a few minutes.`),
    `T* = max(S + sum(L)/C, S + max L, N/R) (physicalLimitMs), C = ${POOL_SIZE} (${CONNECTION_CAP} under the cap); every strategy of a scenario is held to the same T*; pctOfLimit = T*/wall.`,
    'throttleEvents = throttle signals the server sent (throttled turns plus refused upgrades); socketsOpened = upgrades accepted (TCP connections for the silent server).',
    'Scenarios:',
    ...scenarios.map((name) => `  ${name}: ${table[name].describe}`),
    'Strategies:',
    `  per-request: ${PER_REQUEST_SETUP}`,
    `  old-pool: ${OLD_POOL_SETUP}`,
    `  ours: ${oursSetup(OURS)}`,
    '  Unlike the baselines (audio kept in memory), ours writes every file atomically and journals it (fsync); the write runs after the render has freed its slot for the next phrase.',
    `  The baselines have no timeout (nor has the SDK): the harness gives up on a call after ${hangGuardMs / 1000} s` +
      `${options.hangGuardMs === undefined && scale !== 1 ? ` (30 s x ${scale})` : ''} only to finish, and counts it lost; a stalled call would otherwise hang them for ever.`,
    'pctOfLimit above 100 means phrases were lost, not speed: a refused call fails in milliseconds (the "black hole" of docs/design/pool-and-throttling.md section 3).',
    'Runs:',
    ...details,
    ...targets(rows, renders, Math.round(SILENT_GIVE_UP_MS * scale)),
    `Machine load (1-min load average) at start ${loadAtStart}, at end ${loadAverage()}: the timings share the CPU with anything else running, the server included.`,
    ...warnings,
  ];
  return { rows, notes, warnings };
}

function targets(rows: readonly AzureBenchRow[], renders: number, silentGiveUpMs: number): string[] {
  const ours = rows.filter((row) => row.strategy === 'ours');
  if (!ours.length) return [];
  const find = (scenario: ScenarioName): AzureBenchRow | undefined => ours.find((row) => row.scenario === scenario);
  const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const clean = find('no-faults');
  const lines = ['Targets (ours):'];
  if (clean) {
    lines.push(`  no-faults at >= 95 % of T*: ${met(clean.pctOfLimit >= 95)} (${clean.pctOfLimit} %)`);
    lines.push(`  no-faults sockets opened == pool size ${POOL_SIZE}: ${met(clean.socketsOpened === POOL_SIZE)} (${clean.socketsOpened})`);
  }
  for (const name of ['low-tps', 'low-tps-4429', 'low-tps-429'] as const) {
    const row = find(name);
    if (!row) continue;
    const share = Math.round((row.throttleEvents / renders) * 1000) / 10;
    lines.push(`  ${name}: >= 90 % of T* with throttles <= 10 % of renders: ${met(row.pctOfLimit >= 90 && share <= 10)} (${row.pctOfLimit} %, ${share} %)`);
  }
  const random = find('random-4429');
  if (random && clean) {
    const ratio = Math.round((random.wallMs / clean.wallMs) * 100) / 100;
    lines.push(`  random-4429 wall <= 1.5 x no-faults: ${met(ratio <= 1.5)} (x${ratio})`);
  }
  const over = ours.filter((row) => row.peakSockets > POOL_SIZE);
  lines.push(
    `  sockets open at once <= --max-connections ${POOL_SIZE} everywhere: ${over.length ? `MISSED (${over.map((row) => `${row.scenario}: ${row.peakSockets}`).join(', ')})` : 'met'}`,
  );
  const silent = find('silent-server');
  if (silent) {
    const onTime = silent.wallMs >= silentGiveUpMs && silent.wallMs <= silentGiveUpMs + 5_000;
    lines.push(
      `  silent-server ends at the give-up deadline (${silentGiveUpMs / 1000} s) with stopReason unreachable: ${met(onTime && silent.stopReason === 'unreachable')} (${silent.wallMs} ms, ${silent.stopReason})`,
    );
  }
  const lossy = ours.filter((row) => row.lost > 0);
  lines.push(`  0 phrases lost in every scenario: ${lossy.length ? `MISSED (${lossy.map((row) => `${row.scenario}: ${row.lost}`).join(', ')})` : 'met'}`);
  return lines;
}

/** Ours against a host that never answers the upgrade; sockets counted on the server's side of TCP. */
async function runSilent(name: ScenarioName, input: Omit<StrategyInput, 'url' | 'key'> & { readonly giveUpAfterMs: number }): Promise<{ row: AzureBenchRow; detail: string }> {
  const server = await startSilentServer();
  try {
    const result = await runOurs({ ...input, url: server.url, key: KEY }, { ...OURS, giveUpAfterMs: input.giveUpAfterMs });
    // runOurs has closed its pool: a closed socket reaches the server's side a few event-loop turns later.
    const closedBy = performance.now() + 1_000;
    while (server.open > 0 && performance.now() < closedBy) await new Promise((resolve) => setTimeout(resolve, 10));
    const row: AzureBenchRow = {
      scenario: name,
      strategy: 'ours',
      wallMs: Math.round(result.wallMs),
      limitMs: input.giveUpAfterMs,
      pctOfLimit: Math.round((input.giveUpAfterMs / result.wallMs) * 1000) / 10,
      socketsOpened: server.accepted,
      peakSockets: server.peakOpen,
      throttleEvents: 0,
      lost: result.lost,
      stopReason: result.stopReason,
    };
    return { row, detail: `${result.detail}; limitMs here is the give-up deadline; ${server.open} TCP connections still open 1 s after close` };
  } finally {
    await server.close();
  }
}

function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}

function fmt(ms: number): string {
  return String(Math.round(ms * 100) / 100);
}
