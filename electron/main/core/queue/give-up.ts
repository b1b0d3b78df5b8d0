import type { ItemFailure } from './failure-description';

/**
 * The give-up deadline of a headless run: when the service has completed no turn for `limitMs`, the
 * run stops instead of probing for ever (an outage, a host that never answers, a quota that never
 * renews). The clock is the congestion's "time without a completed turn"; a pause restarts it.
 */
export interface GiveUpContext {
  readonly sinceMs: number;
  readonly waitedMs: number;
  readonly lastError: ItemFailure | null;
}

export class GiveUpWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number | undefined,
    private readonly msWithoutSuccess: () => number,
    /** Called when the deadline may have passed; returns whether to keep watching. */
    private readonly onDeadline: (waitedMs: number) => boolean,
  ) {}

  /** (Re)schedules the check for when the deadline can first pass. */
  arm(): void {
    this.disarm();
    if (this.limitMs === undefined || !Number.isFinite(this.limitMs)) return;
    const remaining = this.limitMs - this.msWithoutSuccess();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const waited = this.msWithoutSuccess();
        if (waited < this.limitMs!) this.arm();
        else if (this.onDeadline(waited)) this.arm();
      },
      Math.max(10, remaining),
    );
  }

  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Why a run gave up: 'quota' when every answer was a throttle, else 'unreachable'. */
export function giveUpFailure(context: GiveUpContext, describe?: (context: GiveUpContext) => string): ItemFailure {
  const { waitedMs, lastError } = context;
  const message =
    describe?.(context) ??
    `The service completed no render for ${Math.round(waitedMs / 1000)} s${lastError ? ` (last error: ${lastError.message})` : ''}; the run stopped. Resume when it can be reached.`;
  return { kind: lastError?.kind === 'throttled' ? 'quota' : 'unreachable', message, ...(lastError ? { detail: lastError.detail ?? lastError.message } : {}) };
}
