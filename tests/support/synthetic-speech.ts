/**
 * Speech-like test signals: syllables of a voiced tone with a formant and some hiss, with occasional
 * sharp peaks, deterministic for a seed. For DSP tests that need something shaped like speech (level
 * changes, silences between syllables, a crest factor) without an engine.
 */
export function speechLike(rate: number, seconds: number, level: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  let noise = seed * 7919;
  for (let i = 0; i < out.length; i++) {
    const t = i / rate;
    noise = (noise * 1_103_515_245 + 12_345) % 2_147_483_648;
    const syllable = Math.max(0, Math.sin(Math.PI * (3 + seed) * t)) ** 1.5;
    const voice = 0.55 * Math.sin(2 * Math.PI * (110 + 25 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * (650 + 40 * seed) * t);
    const hiss = 0.08 * (noise / 1_073_741_824 - 1);
    out[i] = Math.max(-1, Math.min(1, (voice + hiss) * syllable * level * (i % 5_003 === 17 ? 2.5 : 1)));
  }
  return out;
}

/** `speech` between `leadSeconds` and `tailSeconds` of digital silence, as shaping delivers a clip. */
export function padded(speech: Float32Array, rate: number, leadSeconds: number, tailSeconds: number): Float32Array {
  const lead = Math.round(rate * leadSeconds);
  const out = new Float32Array(lead + speech.length + Math.round(rate * tailSeconds));
  out.set(speech, lead);
  return out;
}
