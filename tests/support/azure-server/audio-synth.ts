/**
 * A speech-like signal, so that decoders, loudness meters and silence detectors downstream see
 * something that behaves like a voice: a glottal buzz (band-limited sawtooth at a falling pitch
 * with per-syllable accents) through three formant resonators that glide between vowel targets,
 * shaped into syllables with short gaps and fricative noise at some onsets. Female voices sit
 * near 205 Hz, male near 115 Hz. Breaks are true silence. Peak level is about -5 dBFS.
 *
 * Deterministic: the same runs and seed give the same samples. Syllables come from a per-voice
 * bank (rendered once), picked and scaled by a generator seeded from the text.
 */
import { AUDIO_MS_PER_CHAR, MIN_AUDIO_MS, countChars } from './latency-model';
import { createRng, hashString, type Rng } from './rng';

export interface SynthPiece {
  readonly kind: 'speech' | 'silence';
  readonly ms: number;
  /** Speech only. */
  readonly voice?: string;
  readonly gender?: 'Female' | 'Male' | 'Neutral';
  readonly rate?: number;
}

/** Vowel formant targets (F1, F2, F3 in Hz), roughly an adult average. */
const VOWELS: ReadonlyArray<readonly [number, number, number]> = [
  [730, 1090, 2440], // a
  [530, 1840, 2480], // e
  [270, 2290, 3010], // i
  [570, 840, 2410], // o
  [300, 870, 2240], // u
  [660, 1720, 2410], // æ
  [490, 1350, 1690], // ɜ
];

const PEAK = 0.56;

/**
 * The timeline of one turn: speech pieces sized 60 ms per character / rate, break silence, all
 * stretched to the 300 ms minimum when shorter.
 */
export function planPieces(
  runs: ReadonlyArray<{ text: string; rate: number; voice: string; gender: 'Female' | 'Male' | 'Neutral' }>,
  breaks: ReadonlyArray<{ beforeRun: number; ms: number }> = [],
): SynthPiece[] {
  const pieces: SynthPiece[] = [];
  const pushBreaks = (index: number) => {
    for (const b of breaks) if (b.beforeRun === index && b.ms > 0) pieces.push({ kind: 'silence', ms: b.ms });
  };
  runs.forEach((run, i) => {
    pushBreaks(i);
    const ms = (AUDIO_MS_PER_CHAR * countChars(run.text)) / run.rate;
    if (ms > 0) pieces.push({ kind: 'speech', ms, voice: run.voice, gender: run.gender, rate: run.rate });
  });
  pushBreaks(runs.length);
  const total = pieces.reduce((sum, p) => sum + p.ms, 0);
  if (total >= MIN_AUDIO_MS) return pieces;
  if (total === 0) return [{ kind: 'speech', ms: MIN_AUDIO_MS, voice: runs[0]?.voice ?? '', gender: runs[0]?.gender ?? 'Female', rate: 1 }];
  const scale = MIN_AUDIO_MS / total;
  return pieces.map((p) => ({ ...p, ms: p.ms * scale }));
}

class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a0 = 0;
  private b1 = 0;
  private b2 = 0;

  set(freq: number, bandwidth: number, sampleRate: number): void {
    const f = Math.min(freq, sampleRate * 0.45);
    const r = Math.exp((-Math.PI * bandwidth) / sampleRate);
    this.b1 = 2 * r * Math.cos((2 * Math.PI * f) / sampleRate);
    this.b2 = -r * r;
    this.a0 = 1 - r;
  }

  step(x: number): number {
    const y = this.a0 * x + this.b1 * this.y1 + this.b2 * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

function renderSpeech(out: Float32Array, start: number, length: number, piece: SynthPiece, sampleRate: number, rng: Rng): void {
  const rate = piece.rate ?? 1;
  const timbre = 0.92 + (hashString(piece.voice ?? '') % 1000) / 6250; // ±8 % per voice
  const baseF0 = (piece.gender === 'Male' ? 115 : piece.gender === 'Neutral' ? 160 : 205) * timbre;
  const syllableMs = 190 / rate;
  const syllables = Math.max(1, Math.round(((length / sampleRate) * 1000) / syllableMs));
  const sylLen = length / syllables;
  const formants = [new Resonator(), new Resonator(), new Resonator()];
  const gains = [1, 0.55, 0.3];
  let phase = 0;
  let prevVowel = VOWELS[Math.floor(rng() * VOWELS.length)] ?? VOWELS[0]!;
  for (let s = 0; s < syllables; s++) {
    const vowel = VOWELS[Math.floor(rng() * VOWELS.length)] ?? VOWELS[0]!;
    const accent = 1 + (rng() - 0.5) * 0.16;
    const fricative = rng() < 0.35;
    const s0 = Math.floor(start + s * sylLen);
    const s1 = Math.floor(start + (s + 1) * sylLen);
    const n = s1 - s0;
    const gap = Math.min(Math.floor(n * 0.18), Math.floor(sampleRate * 0.035));
    const voiced = n - gap;
    const noiseLen = fricative ? Math.floor(voiced * 0.22) : 0;
    for (let i = 0; i < n; i++) {
      const idx = s0 + i;
      if (idx >= out.length) break;
      if (i >= voiced) {
        out[idx] = 0;
        continue;
      }
      if ((i & 31) === 0) {
        const glide = Math.min(1, i / (voiced * 0.3 + 1));
        for (let k = 0; k < 3; k++) {
          const f = (prevVowel[k] ?? 500) + ((vowel[k] ?? 500) - (prevVowel[k] ?? 500)) * glide;
          formants[k]!.set(f * timbre, 60 + 40 * k, sampleRate);
        }
      }
      const progress = (idx - start) / length;
      const f0 = baseF0 * accent * (1.08 - 0.18 * progress) * (1 + 0.04 * Math.sin((2 * Math.PI * i) / voiced));
      const dt = f0 / sampleRate;
      phase += dt;
      if (phase >= 1) phase -= 1;
      const source = 2 * phase - 1 - polyBlep(phase, dt);
      let y = 0;
      for (let k = 0; k < 3; k++) y += gains[k]! * formants[k]!.step(source);
      const t = i / voiced;
      const env = t < 0.15 ? Math.sin((t / 0.15) * (Math.PI / 2)) : t > 0.75 ? Math.cos(((t - 0.75) / 0.25) * (Math.PI / 2)) : 1;
      let sample = y * env * (0.75 + 0.25 * Math.sin(Math.PI * t));
      if (i < noiseLen) sample = sample * (i / noiseLen) + (rng() * 2 - 1) * 0.18 * (1 - i / noiseLen);
      out[idx] = sample;
    }
    prevVowel = vowel;
  }
}

const BANK_SYLLABLES = 16;
const MAX_BANKS = 256;
const banks = new Map<string, Float32Array[]>();

/**
 * Syllables are rendered once per voice, sample rate and rate (to 0.05) and then reused, so a
 * turn costs little more than a copy: the emulator shares the CPU with the client it measures.
 */
function syllableBank(piece: SynthPiece, sampleRate: number): Float32Array[] {
  const rate = Math.round((piece.rate ?? 1) * 20) / 20;
  const key = `${piece.voice ?? ''}|${piece.gender ?? ''}|${sampleRate}|${rate}`;
  const cached = banks.get(key);
  if (cached) return cached;
  const sylLen = Math.round(((190 / rate) * sampleRate) / 1000);
  const buffer = new Float32Array(sylLen * BANK_SYLLABLES);
  renderSpeech(buffer, 0, buffer.length, { ...piece, rate }, sampleRate, createRng(hashString(key)));
  let peak = 0;
  for (const v of buffer) peak = Math.max(peak, Math.abs(v));
  const gain = peak > 0 ? PEAK / peak : 0;
  for (let i = 0; i < buffer.length; i++) buffer[i] = (buffer[i] ?? 0) * gain;
  const bank: Float32Array[] = [];
  for (let s = 0; s < BANK_SYLLABLES; s++) bank.push(buffer.subarray(s * sylLen, (s + 1) * sylLen));
  if (banks.size >= MAX_BANKS) banks.clear();
  banks.set(key, bank);
  return bank;
}

function fillSpeech(out: Float32Array, start: number, end: number, piece: SynthPiece, sampleRate: number, rng: Rng): void {
  const bank = syllableBank(piece, sampleRate);
  let pos = start;
  let previous = -1;
  while (pos < end) {
    let pick = Math.floor(rng() * bank.length);
    if (pick === previous) pick = (pick + 1) % bank.length;
    previous = pick;
    const syllable = bank[pick] as Float32Array;
    const gain = 0.8 + 0.2 * rng();
    const n = Math.min(syllable.length, end - pos);
    for (let i = 0; i < n; i++) out[pos + i] = (syllable[i] ?? 0) * gain;
    pos += n;
  }
  // Fade out the (possibly cut) last syllable over 10 ms.
  const fade = Math.min(Math.floor(sampleRate * 0.01), end - start);
  for (let i = 0; i < fade; i++) out[end - 1 - i] = (out[end - 1 - i] ?? 0) * (i / fade);
}

/** Renders the pieces at the sample rate; returns mono float samples in [-1, 1]. */
export function synthesize(pieces: readonly SynthPiece[], sampleRate: number, seed: number): Float32Array {
  const totalMs = pieces.reduce((sum, p) => sum + p.ms, 0);
  const out = new Float32Array(Math.round((totalMs * sampleRate) / 1000));
  const rng = createRng(seed);
  let cursorMs = 0;
  for (const piece of pieces) {
    const start = Math.round((cursorMs * sampleRate) / 1000);
    cursorMs += piece.ms;
    const end = Math.min(out.length, Math.round((cursorMs * sampleRate) / 1000));
    if (piece.kind === 'speech' && end > start) fillSpeech(out, start, end, piece, sampleRate, rng);
  }
  return out;
}
