// Delay before the next create after `failures` consecutive failed creates.
//
// Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform draw up to an
// exponentially growing ceiling, so many pools recovering at once do not retry in lockstep.
// Unlike textbook full jitter, the draw never goes below baseMs: a draw of ~0 would start the next
// create at once, which is exactly the create spin (generic-pool #175/#183) this exists to prevent.
// With the floor, a pool makes at most one create attempt per baseMs while the factory keeps failing.

export function createBackoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  if (failures <= 0) return 0;
  // Cap the exponent: 2 ** 1024 is Infinity, and anything past ~30 doublings is maxMs anyway.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return baseMs + random() * (ceiling - baseMs);
}
