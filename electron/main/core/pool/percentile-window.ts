// Percentiles of the most recent N samples (acquire wait times for the pool gauges).
//
// A ring buffer keeps `record` O(1) and allocation-free, because it runs on every acquire;
// sorting happens only when someone reads stats(), which the UI does a few times per second at most.
// A sliding window (not all-time) so the gauge shows how the pool behaves now, not an hour ago.

export class PercentileWindow {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 1024) {
    this.samples = new Float64Array(capacity);
  }

  record(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  /** Nearest-rank percentile, p in (0, 100]; 0 when there are no samples yet. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.samples.slice(0, this.count).sort();
    const rank = Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)));
    return sorted[rank - 1] ?? 0;
  }
}
