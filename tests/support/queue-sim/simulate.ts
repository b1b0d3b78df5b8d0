/**
 * The queue simulation: the product's own GenerationQueue and EnginePool (not copies), wired as
 * CourseRun wires them (core/run/course-run.ts: execute = the pool's synthesize, then a commit step
 * outside the slot; the pool's learned cap lowers the queue's max), driven against the simulated
 * service (service-model.ts) in virtual time with vitest's fake timers. A 20-second run takes a
 * fraction of a second of CPU and gives the same result every time for the same seed, whatever the
 * machine's load: what it measures is the policy, not the scheduler.
 */
import { vi } from 'vitest';
import { loadCourseFile } from '../../../electron/main/core/course/load-course';
import { planRenders } from '../../../electron/main/core/course/render-plan';
import { azureRunDefaults } from '../../../electron/main/core/engines/azure/run-defaults';
import { describeRenderError } from '../../../electron/main/core/engines/describe-error';
import { EnginePool, type EnginePoolStats } from '../../../electron/main/core/engines/engine-pool';
import type { SynthesisRequest } from '../../../electron/main/core/engines/speech-engine';
import { GenerationQueue, type QueueSnapshot } from '../../../electron/main/core/queue/generation-queue';
import { physicalLimitMs, type LatencyModel } from '../azure-server/latency-model';
import { deriveRng } from '../azure-server/rng';
import { ServiceModel, type ServiceCounters, type ServiceLimits } from './service-model';
import { SimEngine } from './sim-engine';

export interface SimItem {
  readonly text: string;
  readonly rate: number;
}

export interface SimulationOptions extends ServiceLimits {
  readonly items: readonly SimItem[];
  readonly latency: LatencyModel;
  /** --max-connections: the pool's size and the queue's max concurrency. Default 8. */
  readonly maxConnections?: number;
  readonly oneWayDelayMs?: number;
  /** Writing and journalling one file, after the slot is freed. Default 3 ms. */
  readonly commitMs?: number;
  readonly callTimeoutMs?: number;
  readonly seed?: number;
  /** Give up the simulation (not the run) after this much virtual time. Default 10 minutes. */
  readonly maxVirtualMs?: number;
  /** Called every `sampleEveryMs` of virtual time with the queue's snapshot (for reading a run). */
  readonly onSample?: (atMs: number, snapshot: QueueSnapshot, pool: EnginePoolStats) => void;
  readonly sampleEveryMs?: number;
}

export interface SimulationResult {
  readonly wallMs: number;
  /** T* = max(S + ΣL/C, S + max L, N/R), C = the pool, or the cap or concurrency limit below it. */
  readonly limitMs: number;
  /** T* / wall, in %. */
  readonly pctOfLimit: number;
  readonly renders: number;
  readonly done: number;
  /** Renders that did not finish (failed, or still open when the simulation gave up). */
  readonly lost: number;
  /** Throttle signals (throttled turns + refused upgrades) per render, in %. */
  readonly throttledPct: number;
  readonly service: ServiceCounters;
  /** Virtual ms from the start until the pool's max first reached the connection cap (learned), or null. */
  readonly capLearnedAtMs: number | null;
  /** Completions per second in consecutive 1 s slices (for reading a run). */
  readonly completionsPerSecond: number[];
}

/** The sample course's first `renders` renders (the Azure benchmark's course): their texts and rates. */
export async function sampleCourseItems(renders: number): Promise<SimItem[]> {
  const { course } = await loadCourseFile('resources/courses/es-en-starter.json');
  const jobs = planRenders(course, { engine: 'azure', format: 'wav' }).slice(0, renders);
  if (jobs.length !== renders) throw new Error(`The sample course has only ${jobs.length} renders`);
  return jobs.map((job) => ({ text: job.text, rate: job.rate }));
}

/**
 * Runs one simulated course. Installs fake timers for its duration and restores real ones after;
 * Math.random (the queue's and the pool's jitter) draws from the seed meanwhile, so a seed is one run.
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'], now: 1_000_000 });
  const random = vi.spyOn(Math, 'random').mockImplementation(deriveRng(options.seed ?? 1, 'sim-client'));
  try {
    return await run(options);
  } finally {
    random.mockRestore();
    vi.useRealTimers();
  }
}

async function run(options: SimulationOptions): Promise<SimulationResult> {
  const maxConnections = options.maxConnections ?? 8;
  const service = new ServiceModel({ ...options, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const defaults = azureRunDefaults({ maxConnections, env: {} });
  const pool = new EnginePool(new SimEngine(service), { ...defaults.pool, callTimeoutMs: options.callTimeoutMs ?? 3_000 });
  const commitMs = options.commitMs ?? 3;
  const jobs = options.items.map((item, i) => ({ id: `r${i}`, request: request(item) }));
  const queue = new GenerationQueue<(typeof jobs)[number]>({
    execute: async (job, signal) => {
      await pool.synthesize(job.request, signal);
      return () => new Promise<void>((resolve) => setTimeout(resolve, commitMs));
    },
    describeError: describeRenderError,
    maxConcurrency: Math.min(maxConnections, pool.maxConnections),
    initialConcurrency: defaults.initialConcurrency,
  });
  const started = Date.now();
  const cap = options.connectionCap?.cap;
  let capLearnedAtMs: number | null = null;
  pool.onCapacityChange(({ max }) => {
    queue.setMaxConcurrency(Math.min(maxConnections, max));
    if (cap !== undefined && capLearnedAtMs === null && max <= cap) capLearnedAtMs = Date.now() - started;
  });
  const completions: number[] = [];
  queue.on('item', (event) => {
    if (event.status === 'done') completions.push(Date.now() - started);
  });
  queue.enqueue(jobs);
  let settled = false;
  void queue.run().then(() => (settled = true));
  const onSample = options.onSample;
  const sampler = onSample ? setInterval(() => onSample(Date.now() - started, queue.snapshot(), pool.stats()), options.sampleEveryMs ?? 500) : undefined;
  const deadline = started + (options.maxVirtualMs ?? 600_000);
  while (!settled && Date.now() < deadline) await vi.advanceTimersToNextTimerAsync();
  const wallMs = Date.now() - started;
  clearInterval(sampler);
  if (!settled) queue.cancel();
  await pool.close({ deadlineMs: 0 });

  const concurrency = Math.min(maxConnections, cap ?? Infinity, options.concurrencyLimit ?? Infinity);
  const tps = options.tps ? { limit: options.tps.limit, windowMs: options.tps.windowMs } : undefined;
  const limitMs = physicalLimitMs({ items: options.items, concurrency, latency: options.latency, ...(tps ? { tps } : {}) });
  const done = queue.snapshot().progress.done;
  const perSecond: number[] = [];
  for (const at of completions) perSecond[Math.floor(at / 1000)] = (perSecond[Math.floor(at / 1000)] ?? 0) + 1;
  return {
    wallMs,
    limitMs,
    pctOfLimit: round1((limitMs / wallMs) * 100),
    renders: jobs.length,
    done,
    lost: jobs.length - done,
    throttledPct: round1((service.counters.throttleEvents / jobs.length) * 100),
    service: { ...service.counters },
    capLearnedAtMs,
    completionsPerSecond: Array.from(perSecond, (n) => n ?? 0),
  };
}

function request(item: SimItem): SynthesisRequest {
  return { ssml: '', text: item.text, voice: 'es-ES-ElviraNeural', rate: item.rate, locale: 'es-ES', format: 'wav' };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
