/**
 * Fault injection: a deterministic queue of one-shot faults plus seeded per-event probabilities.
 *
 * Turn faults (drawn once per ssml that passed throttling and validation):
 *   drop-mid-audio       TCP destroyed after about half the audio      SDK: ConnectionFailure " websocket error code: 1006"
 *   stall                the turn is never answered                   SDK: no callback, ever
 *   close-1000-mid-turn  close 1000 after about half the audio        SDK: no callback, silent reconnect
 *   close-1011           close 1011 after about half the audio        SDK: ConnectionFailure "Internal server error. websocket error code: 1011"
 *   close-4429           turn.start, then close 4429 (throttled)      SDK: ConnectionFailure "…concurrent request limit… websocket error code: 4429"
 *   close-1007           turn.start, then close 1007 (throttled)      SDK: BadRequestParameters "Throttled due to too many requests websocket error code: 1007"
 *   idle-close           the turn completes, then close 1000 at once  SDK: transparent (next call reconnects) unless it races the close
 * Upgrade faults (drawn once per upgrade request):
 *   unauthorized-upgrade HTTP 401                                     SDK: "Unexpected server response: 401"
 *   refuse-upgrade-429   HTTP 429 + Retry-After                       SDK: "Unexpected server response: 429"
 *   refuse-all           TCP destroyed without an HTTP answer (one-shot outage; setOutage() for a lasting one)
 *                                                                    SDK: "Unable to contact server. StatusCode: 1006, … Reason:  socket hang up"
 *   close-on-open        101, then close 1000 at once                 SDK: "websocket send error: Websocket not ready …" (calls made
 *                                                                    before the SDK has processed the close fail the same way)
 *   close-1000-on-first-frame  101, then close 1000 on the first client frame (speech.config). At rate 1 after a
 *                        close-1000-mid-turn this is the SDK's silent reconnect storm (hundreds of upgrades a second)
 * Voices list (drawn once per GET …/voices/list):
 *   voices-list-429      HTTP 429 + Retry-After                       SDK: getVoicesAsync rejects (bent StatusError)
 */
import { deriveRng, type Rng } from './rng';

export const TURN_FAULTS = ['drop-mid-audio', 'stall', 'close-1000-mid-turn', 'close-1011', 'close-4429', 'close-1007', 'idle-close'] as const;
export const UPGRADE_FAULTS = ['unauthorized-upgrade', 'refuse-upgrade-429', 'refuse-all', 'close-on-open', 'close-1000-on-first-frame'] as const;
export const VOICES_FAULTS = ['voices-list-429'] as const;

export type TurnFault = (typeof TURN_FAULTS)[number];
export type UpgradeFault = (typeof UPGRADE_FAULTS)[number];
export type VoicesFault = (typeof VOICES_FAULTS)[number];
export type FaultKind = TurnFault | UpgradeFault | VoicesFault;

export interface FaultPlan {
  /** Probability per event (turn, upgrade or voices request, by kind), drawn from the seeded generator. */
  rates?: Partial<Record<FaultKind, number>>;
  /** One-shot faults for the next events, in order; each kind goes to its own queue. */
  next?: FaultKind[];
  /** Alias of `next` for turn faults. */
  nextTurns?: TurnFault[];
  /** Start in an outage: every upgrade and voices request has its connection destroyed. */
  outage?: boolean;
}

export function isTurnFault(kind: string): kind is TurnFault {
  return (TURN_FAULTS as readonly string[]).includes(kind);
}
export function isUpgradeFault(kind: string): kind is UpgradeFault {
  return (UPGRADE_FAULTS as readonly string[]).includes(kind);
}
export function isVoicesFault(kind: string): kind is VoicesFault {
  return (VOICES_FAULTS as readonly string[]).includes(kind);
}
export function isFaultKind(kind: string): kind is FaultKind {
  return isTurnFault(kind) || isUpgradeFault(kind) || isVoicesFault(kind);
}

class FaultStream<K extends FaultKind> {
  readonly queue: K[] = [];
  private rates: Array<[K, number]> = [];

  constructor(
    private readonly kinds: readonly K[],
    private readonly rng: Rng,
  ) {}

  setRates(rates: Partial<Record<FaultKind, number>>): void {
    this.rates = this.kinds.flatMap((k) => {
      const p = rates[k];
      if (p === undefined || p <= 0) return [];
      if (!(p <= 1)) throw new RangeError(`fault rate for ${k} must be within [0, 1]`);
      return [[k, p] as [K, number]];
    });
    const total = this.rates.reduce((s, [, p]) => s + p, 0);
    if (total > 1 + 1e-9) throw new RangeError(`fault rates of one event type add up to ${total} > 1`);
  }

  take(): K | undefined {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    if (this.rates.length === 0) return undefined;
    // Always one draw per event, so the schedule depends only on the event count.
    const u = this.rng();
    let acc = 0;
    for (const [kind, p] of this.rates) {
      acc += p;
      if (u < acc) return kind;
    }
    return undefined;
  }
}

export class FaultScheduler {
  private readonly turns: FaultStream<TurnFault>;
  private readonly upgrades: FaultStream<UpgradeFault>;
  private readonly voices: FaultStream<VoicesFault>;
  outage: boolean;

  constructor(plan: FaultPlan | undefined, seed: number) {
    this.turns = new FaultStream(TURN_FAULTS, deriveRng(seed, 'faults:turn'));
    this.upgrades = new FaultStream(UPGRADE_FAULTS, deriveRng(seed, 'faults:upgrade'));
    this.voices = new FaultStream(VOICES_FAULTS, deriveRng(seed, 'faults:voices'));
    this.outage = plan?.outage ?? false;
    this.setRates(plan?.rates ?? {});
    this.inject([...(plan?.next ?? []), ...(plan?.nextTurns ?? [])]);
  }

  setRates(rates: Partial<Record<FaultKind, number>>): void {
    for (const kind of Object.keys(rates)) if (!isFaultKind(kind)) throw new RangeError(`unknown fault kind "${kind}"`);
    this.turns.setRates(rates);
    this.upgrades.setRates(rates);
    this.voices.setRates(rates);
  }

  /** Queues one-shot faults; each applies to the next event of its type. */
  inject(kinds: readonly FaultKind[]): void {
    for (const kind of kinds) {
      if (isTurnFault(kind)) this.turns.queue.push(kind);
      else if (isUpgradeFault(kind)) this.upgrades.queue.push(kind);
      else if (isVoicesFault(kind)) this.voices.queue.push(kind);
      else throw new RangeError(`unknown fault kind "${String(kind)}"`);
    }
  }

  clearQueued(): void {
    this.turns.queue.length = 0;
    this.upgrades.queue.length = 0;
    this.voices.queue.length = 0;
  }

  pending(): FaultKind[] {
    return [...this.upgrades.queue, ...this.turns.queue, ...this.voices.queue];
  }

  takeTurnFault(): TurnFault | undefined {
    return this.turns.take();
  }
  takeUpgradeFault(): UpgradeFault | undefined {
    return this.upgrades.take();
  }
  takeVoicesFault(): VoicesFault | undefined {
    return this.voices.take();
  }
}
