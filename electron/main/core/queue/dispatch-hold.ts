/**
 * A pause of dispatch until a time (throttled, outage, rate limit). A longer hold replaces a shorter
 * one, never the other way round; `onEnd` runs when the hold expires by itself.
 */
export type HoldReason = 'throttled' | 'outage' | 'rate-limit';

export class DispatchHold {
  private hold: { reason: HoldReason; untilMs: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly now: () => number,
    private readonly onEnd: () => void,
  ) {}

  get active(): boolean {
    return this.hold !== undefined;
  }

  get current(): { readonly reason: HoldReason; readonly untilMs: number } | null {
    return this.hold ? { reason: this.hold.reason, untilMs: this.hold.untilMs } : null;
  }

  /** Returns whether a hold is now in force (false for ms <= 0 with none active). */
  start(reason: HoldReason, ms: number): boolean {
    if (ms <= 0) return this.active;
    const untilMs = this.now() + ms;
    if (this.hold && this.hold.untilMs >= untilMs) return true;
    this.clear();
    const timer = setTimeout(() => {
      this.hold = undefined;
      this.onEnd();
    }, ms);
    this.hold = { reason, untilMs, timer };
    return true;
  }

  clear(): void {
    if (this.hold) clearTimeout(this.hold.timer);
    this.hold = undefined;
  }
}
