/**
 * Seeded randomness. Every random choice the emulator makes (jitter, fault draws, stream ids,
 * the voice signal) comes from here, so a run with the same seed and the same request order
 * behaves the same way.
 */

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test schedules. Returns floats in [0, 1). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash, used to derive independent streams from one seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A stream of its own for one purpose, so draws for upgrades never shift draws for turns. */
export function deriveRng(seed: number, purpose: string): Rng {
  return createRng((seed ^ hashString(purpose)) >>> 0);
}

/** 32 upper-case hex characters, the shape Azure uses for ids. */
export function hexId(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
  return out;
}
