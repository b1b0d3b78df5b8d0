import type { RunProgress } from '../../../../shared/model/progress';

/**
 * Counts and pace of one run. Throughput is measured over a sliding window so the ETA follows the
 * current pace (after a throttle, after a pause) instead of the whole-run average.
 */
export class ProgressTracker {
  private done = 0;
  private cached = 0;
  private failed = 0;
  private cancelled = 0;
  private running = 0;
  private readonly completions: number[] = [];
  private pausedAt: number | undefined;
  private pausedTotalMs = 0;
  private readonly startedAt: number;

  constructor(
    private total: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 30_000,
  ) {
    this.startedAt = now();
  }

  addTotal(count: number): void {
    this.total += count;
  }
  markCached(count = 1): void {
    this.cached += count;
  }
  markStarted(): void {
    this.running++;
  }
  markFinished(outcome: 'done' | 'failed' | 'cancelled' | 'requeued'): void {
    this.running = Math.max(0, this.running - 1);
    if (outcome === 'done') {
      this.done++;
      this.completions.push(this.now());
    } else if (outcome === 'failed') this.failed++;
    else if (outcome === 'cancelled') this.cancelled++;
  }
  markCancelled(count: number): void {
    this.cancelled += count;
  }
  /** A failed render goes back to the queue ("Retry failed"). */
  markRetried(count: number): void {
    this.failed = Math.max(0, this.failed - count);
  }
  setPaused(paused: boolean): void {
    if (paused && this.pausedAt === undefined) this.pausedAt = this.now();
    if (!paused && this.pausedAt !== undefined) {
      this.pausedTotalMs += this.now() - this.pausedAt;
      this.pausedAt = undefined;
    }
  }

  /** Renders completed per second over the last `ms` (what the service has been accepting). */
  recentRate(ms: number): number {
    const now = this.now();
    const span = Math.max(1, Math.min(ms, now - this.startedAt));
    let count = 0;
    for (let i = this.completions.length - 1; i >= 0 && (this.completions[i] ?? 0) >= now - span; i--) count++;
    return count / (span / 1000);
  }

  snapshot(): RunProgress {
    const now = this.now();
    while (this.completions.length && (this.completions[0] ?? 0) < now - this.windowMs) this.completions.shift();
    const activeMs = now - this.startedAt - this.pausedTotalMs - (this.pausedAt !== undefined ? now - this.pausedAt : 0);
    const windowSpan = Math.min(this.windowMs, Math.max(1, activeMs));
    const perSecond = this.completions.length / (windowSpan / 1000);
    const remaining = Math.max(0, this.total - this.done - this.cached - this.failed - this.cancelled);
    return {
      total: this.total,
      done: this.done,
      cached: this.cached,
      failed: this.failed,
      cancelled: this.cancelled,
      running: this.running,
      remaining,
      rendersPerSecond: Math.round(perSecond * 100) / 100,
      etaMs: perSecond > 0 ? Math.round((remaining / perSecond) * 1000) : null,
      elapsedMs: now - this.startedAt,
    };
  }
}
