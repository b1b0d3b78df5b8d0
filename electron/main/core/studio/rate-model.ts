import type { EngineName } from '../../../../shared/model/audio';

/**
 * What one slot (an eSpeak worker, an Azure connection) renders per second before anything was
 * measured in this session: a deliberately rough prior, shown as a range ("about"), never as a
 * precise time. Measured on this project's machines: eSpeak about 30-40 renders/s per worker, Azure
 * about one per second per connection for short phrases.
 */
const PRIOR_PER_SLOT: Readonly<Record<EngineName, number>> = { offline: 30, azure: 0.9 };
/** Before a measurement the truth may be this many times slower or faster than the prior. */
const PRIOR_SPREAD = 3;
/** Observations averaged plainly before the moving average takes over (fast convergence, then stability). */
const WARM_UP = 20;
const ALPHA = 0.05;
/** No render finished for this long (and at least 5 typical render times) while running: stalled. */
const STALL_MS = 10_000;

export interface RateEstimate {
  /** Best guess (ms) for `renders` at `slots` slots; null when stalled. */
  readonly ms: number | null;
  /** Honest range: wide before any measurement, equal to `ms` once measured. */
  readonly lowMs: number | null;
  readonly highMs: number | null;
  /** 'measured': from renders of this engine in this session; 'assumed': from the prior only. */
  readonly basis: 'measured' | 'assumed';
  readonly stalled: boolean;
}

interface EngineRate {
  perSlot: number;
  observations: number;
}

/**
 * Renders per second per slot, per engine, learned from every finished render of the session (runs,
 * single cells) and kept across runs, so "60 renders" right after a 2-render run is estimated from
 * that run. One render's contribution is Little's law: `inFlight / latency` renders per second flow
 * through the queue, shared by `min(inFlight, slots)` busy slots. Averaged plainly for the first
 * observations, then as an exponential moving average, so it converges and then follows the current
 * pace rather than a whole-run average.
 */
export class RateModel {
  private readonly rates = new Map<EngineName, EngineRate>();
  private lastCompletionAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** A render finished after `latencyMs` (from dispatch) with `inFlight` renders in flight and `slots` slots. */
  observe(engine: EngineName, latencyMs: number, inFlight: number, slots: number): void {
    this.lastCompletionAt = this.now();
    if (!(latencyMs > 0)) return;
    const busy = Math.max(1, Math.min(inFlight, slots));
    const perSlot = Math.max(1, inFlight) / (latencyMs / 1000) / busy;
    const rate = this.rates.get(engine);
    if (!rate) {
      this.rates.set(engine, { perSlot, observations: 1 });
      return;
    }
    rate.observations++;
    const weight = rate.observations <= WARM_UP ? 1 / rate.observations : ALPHA;
    rate.perSlot += (perSlot - rate.perSlot) * weight;
  }

  /** A run started: the stall clock starts now, not at the last render of an earlier run. */
  runStarted(): void {
    this.lastCompletionAt = this.now();
  }

  /** Renders per second at `slots` slots (measured, else the prior). */
  rate(engine: EngineName, slots: number): number {
    return (this.rates.get(engine)?.perSlot ?? PRIOR_PER_SLOT[engine]) * Math.max(1, slots);
  }

  /** Time for `renders` renders at `slots` slots; `running` enables stall detection. */
  estimate(engine: EngineName, renders: number, slots: number, running = false): RateEstimate {
    const measured = this.rates.get(engine);
    const basis = measured ? 'measured' : 'assumed';
    if (renders <= 0) return { ms: 0, lowMs: 0, highMs: 0, basis, stalled: false };
    const perSlot = measured?.perSlot ?? PRIOR_PER_SLOT[engine];
    const typicalMs = 1000 / perSlot;
    const quietMs = this.lastCompletionAt === undefined ? 0 : this.now() - this.lastCompletionAt;
    if (running && quietMs > Math.max(STALL_MS, 5 * typicalMs)) return { ms: null, lowMs: null, highMs: null, basis, stalled: true };
    const ms = Math.round((renders / (perSlot * Math.max(1, slots))) * 1000);
    if (measured) return { ms, lowMs: ms, highMs: ms, basis, stalled: false };
    return { ms, lowMs: Math.round(ms / PRIOR_SPREAD), highMs: Math.round(ms * PRIOR_SPREAD), basis, stalled: false };
  }
}
