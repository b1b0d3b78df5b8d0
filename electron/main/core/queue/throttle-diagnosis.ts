/**
 * Which limit a throttle hit, decided from what the client observes, never from the signal's code or
 * text: HTTP 429, close 4429 ("concurrent request limit") and close 1007 ("too many requests") can
 * each come from a connection cap, a concurrency limit or a request-rate quota (protocol notes section 4.17).
 *
 *   connection-cap  the service refused a new socket (HTTP 429 on the upgrade): the pool learns the cap
 *   concurrency     throttled renders were dispatched with more in flight than any recent success
 *   rate            throttles at concurrency levels that also succeed: a request-rate (TPS) quota
 *   noise           throttles that a cut did not make rarer (the service throttles at random, e.g.
 *                   while it autoscales): requeue, but cutting would only slow the run
 *
 * "Noise" is learned by experiment: every cut is a trial. If the renders dispatched after the cut are
 * throttled about as often as before it, the cut did not help: it is undone, and that throttle share
 * becomes the noise floor, under which later throttles cut nothing.
 */
export type ThrottleCause = 'connection-cap' | 'concurrency' | 'rate' | 'noise';
/** The limits a cut lowers (a connection cap is the engine pool's). */
export type CutKind = 'concurrency' | 'rate';

interface Outcome {
  readonly throttled: boolean;
  /** Renders in flight when this one was dispatched (itself included). */
  readonly inFlight: number;
}

interface Trial {
  readonly startedAt: number;
  /** Renders dispatched after this count towards the verdict (TRIAL_GRACE_MS). */
  readonly countsAfter: number;
  readonly fractionBefore: number;
  readonly undo: () => void;
  /** Whether a useless cut sets the noise floor (not for a blind cut, see startTrial). */
  readonly learnsNoise: boolean;
  /** Which limit the cut lowered. */
  readonly kind: CutKind;
  throttled: number;
  succeeded: number;
  /** Outcomes still to skip (TRIAL_GRACE). */
  grace: number;
}

/** Outcomes the diagnosis looks back on. */
const WINDOW = 24;
/**
 * Outcomes after a cut before its verdict, and the share of throttles among them under which the cut
 * helped (or is the price of probing a quota), whatever it was before. 16 outcomes and 15 % judged
 * a third of the cuts under 20 % random throttles "helped" (2 or fewer of 16 throttled); 32 and 10 %
 * misjudge about one in twenty (issue 9's simulation).
 */
const TRIAL_OUTCOMES = 32;
const HELPED_FRACTION = 0.1;
/**
 * Outcomes right after a cut that the verdict skips: a sliding-window quota still counts the starts
 * made before the cut, so the first renders after it are throttled whatever the new rate. At least
 * this many outcomes, and every render dispatched within TRIAL_GRACE_MS of the cut (a quota's window
 * is a second: four outcomes were a tenth of it at 25 requests/s, and the window's leftover
 * throttles judged a good rate cut useless, which removed the rate and let the run burst, issue 9).
 */
const TRIAL_GRACE = 4;
const TRIAL_GRACE_MS = 1_000;
/**
 * The noise floor fades as renders succeed (half-life about 350 successes): the service changes. Each
 * fade costs a new cut and its trial, so not much faster than that.
 */
const NOISE_DECAY_PER_SUCCESS = 0.998;
/**
 * The noise floor never goes above this: a trial misjudged in a run's first chaos (a quota's burst,
 * sockets replaced, upgrades refused) set a floor of 0.5 and more, under which every later throttle
 * counted as noise, and a TPS-limited run never paced (issue 9's simulation, gateway 429). Above
 * 0.3 x 1.5 + NOISE_MARGIN = 55 % throttled, a cut is always tried again.
 */
const MAX_NOISE = 0.3;
/**
 * Throttles up to 1.5 x the noise floor plus this are noise. The share is read over the last 24
 * outcomes: at a 20 % floor its spread is about 8 points, and a margin of 5 let every other swing
 * start a new rate cut and trial (seconds at two thirds of the speed each).
 */
const NOISE_MARGIN = 0.1;

export class ThrottleDiagnosis {
  private readonly outcomes: Outcome[] = [];
  private trial: Trial | undefined;
  private noise = 0;

  /** The share of turns the service throttles whatever we do (0 until a useless cut showed it). */
  get noiseFraction(): number {
    return this.noise;
  }

  /** Whether any recent outcome was a success (a rate can be measured). */
  get hasSuccesses(): boolean {
    return this.outcomes.some((outcome) => !outcome.throttled);
  }

  /** Whether a cut is being judged (including its grace outcomes). */
  get judging(): boolean {
    return this.trial !== undefined;
  }

  recordSuccess(inFlight: number, startedAt: number): void {
    this.push({ throttled: false, inFlight });
    this.noise *= NOISE_DECAY_PER_SUCCESS;
    if (this.trial && startedAt > this.trial.countsAfter) {
      this.trial.succeeded++;
      this.judge();
    }
  }

  recordThrottle(inFlight: number, startedAt: number): void {
    this.push({ throttled: true, inFlight });
    if (this.trial && startedAt > this.trial.countsAfter) {
      this.trial.throttled++;
      this.judge();
    }
  }

  /**
   * The cause of a new throttle wave (call after recordThrottle). `refusedConnection`: the service
   * refused to open a socket.
   */
  diagnose(refusedConnection: boolean): ThrottleCause {
    if (refusedConnection) return 'connection-cap';
    const fraction = this.recentFraction();
    const cause = this.limitHit();
    if (this.trial) {
      // A cut is being judged: cut the same limit again only if the renders sent after it are mostly
      // throttled too. Another limit is another matter: a concurrency cut in a run's first instants
      // under a TPS quota held the rate off for the whole trial (a hundred throttles in 1.5 s).
      const seen = this.trial.throttled + this.trial.succeeded;
      if (cause === this.trial.kind && (seen < 4 || this.trial.throttled / seen <= 0.5)) return 'noise';
    } else if (this.noise > 0 && fraction <= this.noise * 1.5 + NOISE_MARGIN) return 'noise';
    return cause;
  }

  /** Which limit the recent outcomes point at: concurrency, or else the request rate. */
  private limitHit(): CutKind {
    let maxSuccess = 0;
    let minThrottle = Number.POSITIVE_INFINITY;
    let successes = 0;
    for (const outcome of this.outcomes) {
      if (outcome.throttled) minThrottle = Math.min(minThrottle, outcome.inFlight);
      else {
        maxSuccess = Math.max(maxSuccess, outcome.inFlight);
        successes++;
      }
    }
    // Every throttle came with more in flight than every success: fewer in flight avoids them.
    return successes > 0 && minThrottle > maxSuccess ? 'concurrency' : 'rate';
  }

  /** The concurrency at which renders still succeed recently (for a concurrency cut). */
  successfulConcurrency(): number {
    let max = 0;
    for (const outcome of this.outcomes) if (!outcome.throttled) max = Math.max(max, outcome.inFlight);
    return max;
  }

  /**
   * A cut was made at `now`; `undo` restores what was before it. A cut during a trial keeps the
   * first undo (back to before the whole series) and restarts the count. `learnsNoise: false` for a
   * blind cut (nothing had succeeded yet, so nothing said which limit binds): if it did not help,
   * that says nothing about noise, and a floor learned in a run's first chaos locked a quota out.
   */
  startTrial(now: number, kind: CutKind, undo: () => void, learnsNoise = true): void {
    const countsAfter = now + TRIAL_GRACE_MS;
    const trial = this.trial;
    if (trial) {
      // A cut of another limit during the trial: undoing the series undoes both.
      const both = trial.kind === kind ? trial.undo : () => (trial.undo(), undo());
      this.trial = { ...trial, kind, undo: both, startedAt: now, countsAfter, throttled: 0, succeeded: 0, grace: TRIAL_GRACE, learnsNoise: trial.learnsNoise || learnsNoise };
      return;
    }
    this.trial = { startedAt: now, kind, countsAfter, fractionBefore: this.recentFraction(), undo, learnsNoise, throttled: 0, succeeded: 0, grace: TRIAL_GRACE };
  }

  private judge(): void {
    const trial = this.trial!;
    if (trial.grace > 0) {
      trial.grace--;
      trial.throttled = 0;
      trial.succeeded = 0;
      return;
    }
    const seen = trial.throttled + trial.succeeded;
    if (seen < TRIAL_OUTCOMES) return;
    this.trial = undefined;
    const after = trial.throttled / seen;
    // The cut helped: keep it. For a rate, only if throttles (nearly) stopped: a cut to the accepted
    // rate under random throttles also "made them rarer" than in the burst before it, and every such
    // verdict let the next wave cut the rate by a fifth again (a 20 % noise run ended at 15/s).
    if (after <= HELPED_FRACTION || (trial.kind === 'concurrency' && after < trial.fractionBefore * 0.75)) return;
    trial.undo();
    if (!trial.learnsNoise) return;
    this.noise = Math.min(MAX_NOISE, this.noise === 0 ? after : (this.noise + after) / 2);
  }

  private recentFraction(): number {
    if (!this.outcomes.length) return 0;
    let throttled = 0;
    for (const outcome of this.outcomes) if (outcome.throttled) throttled++;
    return throttled / this.outcomes.length;
  }

  private push(outcome: Outcome): void {
    this.outcomes.push(outcome);
    if (this.outcomes.length > WINDOW) this.outcomes.shift();
  }
}
