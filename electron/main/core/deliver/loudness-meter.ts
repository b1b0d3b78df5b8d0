import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * EBU R128 / ITU-R BS.1770 integrated loudness and true peak, measured by `ebur128-wasm` (the Rust
 * `ebur128` crate compiled to WebAssembly). Its package is built for bundlers (`import` of a `.wasm`
 * file), which Node does not do by default, so the module is instantiated here by hand with the few
 * imports its glue provides; they are only reached when the Rust code panics.
 */

interface Ebur128Exports {
  readonly memory: { readonly buffer: ArrayBuffer };
  ebur128_integrated_mono(sampleRate: number, ptr: number, len: number): number;
  ebur128_true_peak_mono(sampleRate: number, ptr: number, len: number): number;
  __wbindgen_malloc(bytes: number): number;
}

export interface Loudness {
  /** Integrated loudness in LUFS; -Infinity for silence (nothing above the absolute gate). */
  readonly integratedLufs: number;
  /** True peak (4x oversampled) in dBTP; -Infinity for digital silence. */
  readonly truePeakDbtp: number;
}

/** The two WebAssembly constructors used here (the project's TypeScript libs do not declare them). */
const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: unknown } } })
  .WebAssembly;

let instance: Ebur128Exports | undefined;

function meter(): Ebur128Exports {
  if (instance) return instance;
  const wasmPath = createRequire(import.meta.url).resolve('ebur128-wasm/ebur128_wasm_bg.wasm');
  const module = new Wasm.Module(readFileSync(wasmPath));
  const panic = (): never => {
    throw new Error('ebur128-wasm panicked while measuring loudness');
  };
  const imports = {
    './ebur128_wasm_bg.js': {
      __wbg_new_693216e109162396: () => 0,
      __wbg_stack_0ddaca5d1abfb52f: panic,
      __wbg_error_09919627ac0992f5: panic,
      __wbindgen_object_drop_ref: () => undefined,
    },
  };
  instance = new Wasm.Instance(module, imports).exports as unknown as Ebur128Exports;
  return instance;
}

/** Copies `samples` into wasm memory; the Rust side takes ownership (and frees it). */
function pass(wasm: Ebur128Exports, samples: Float32Array): number {
  const ptr = wasm.__wbindgen_malloc(samples.length * 4);
  new Float32Array(wasm.memory.buffer, ptr, samples.length).set(samples);
  return ptr;
}

/**
 * BS.1770 gates over 400 ms blocks, so a clip shorter than that ("Sí." without padding) has no block to
 * measure. Such a clip is measured repeated back to back: the loudness of a repeated signal is the
 * loudness of the signal. Anything longer is measured as it is, as any other meter would.
 */
const MIN_MEASURED_MS = 400;

function tiled(samples: Float32Array, sampleRate: number): Float32Array {
  const needed = Math.ceil((sampleRate * MIN_MEASURED_MS) / 1000);
  if (samples.length >= needed) return samples;
  const out = new Float32Array(Math.ceil(needed / samples.length) * samples.length);
  for (let at = 0; at < out.length; at += samples.length) out.set(samples, at);
  return out;
}

/** Integrated loudness in LUFS of mono float samples in [-1, 1]; -Infinity for silence. */
export function integratedLoudness(samples: Float32Array, sampleRate: number): number {
  if (samples.length === 0) return -Infinity;
  const wasm = meter();
  const measured = tiled(samples, sampleRate);
  return finiteOr(wasm.ebur128_integrated_mono(sampleRate, pass(wasm, measured), measured.length));
}

/**
 * Integrated loudness of a signal with long runs of digital silence (a lesson track's pauses), metered
 * without most of them. BS.1770 gates 400 ms blocks every 100 ms; a block of digital silence falls
 * under the absolute gate and counts for nothing. So dropping whole 100 ms steps from silences longer
 * than KEPT_SILENCE_MS changes no block that holds sound (they keep their content and their place on
 * the 100 ms grid, and the K-weighting filter has long settled to zero), only removes blocks that never
 * counted: the result is the same number, for a fraction of the work.
 */
const KEPT_SILENCE_MS = 500;

export function integratedLoudnessOfSparse(samples: Float32Array, sampleRate: number): number {
  const step = sampleRate / 10;
  if (!Number.isInteger(step)) return integratedLoudness(samples, sampleRate);
  const kept = (sampleRate * KEPT_SILENCE_MS) / 1000;
  const out = new Float32Array(samples.length);
  let length = 0;
  let at = 0;
  while (at < samples.length) {
    if (samples[at] !== 0) {
      out[length++] = samples[at++]!;
      continue;
    }
    let end = at;
    while (end < samples.length && samples[end] === 0) end++;
    const run = end - at;
    const dropped = run > kept ? Math.floor((run - kept) / step) * step : 0;
    length += run - dropped; // `out` is zeros already
    at = end;
  }
  return integratedLoudness(out.subarray(0, length), sampleRate);
}

/** True peak in dBTP (the binding converts the crate's linear peak); -Infinity for digital silence. */
export function truePeak(samples: Float32Array, sampleRate: number): number {
  if (samples.length === 0) return -Infinity;
  const wasm = meter();
  return finiteOr(wasm.ebur128_true_peak_mono(sampleRate, pass(wasm, samples), samples.length));
}

/** Both measures of mono float samples in [-1, 1]. */
export function measureLoudness(samples: Float32Array, sampleRate: number): Loudness {
  return { integratedLufs: integratedLoudness(samples, sampleRate), truePeakDbtp: truePeak(samples, sampleRate) };
}

/** Int16 PCM as floats in [-1, 1). */
export function floatsOf(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}

/** NaN or a huge negative from the meter on silence becomes -Infinity, one value callers test for. */
function finiteOr(value: number): number {
  return Number.isFinite(value) && value > -200 ? value : -Infinity;
}
