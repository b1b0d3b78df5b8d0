import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bs1770IntegratedLoudness } from './bs1770-meter';
import { truePeakDbtp } from './true-peak';
import { WebAssemblyApi } from '../web-assembly';

/**
 * EBU R128 / ITU-R BS.1770 integrated loudness and true peak of mono float samples. Both are measured
 * by our own code on the critical path (bs1770-meter.ts, true-peak.ts: each says why), held by unit
 * tests to `ebur128-wasm` (the Rust `ebur128` crate compiled to WebAssembly), which stays here as the
 * reference (`...ByPackage`) and measures true peak above 96 kHz. Its package is built for bundlers
 * (`import` of a `.wasm` file), which Node does not do by default, so the module is instantiated here
 * by hand with the few imports its glue provides; they are only reached when the Rust code panics.
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

let instance: Ebur128Exports | undefined;

function meter(): Ebur128Exports {
  if (instance) return instance;
  const wasmPath = createRequire(import.meta.url).resolve('ebur128-wasm/ebur128_wasm_bg.wasm');
  const module = new WebAssemblyApi.Module(readFileSync(wasmPath));
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
  instance = new WebAssemblyApi.Instance(module, imports).exports as unknown as Ebur128Exports;
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
  return finiteOr(bs1770IntegratedLoudness(tiled(samples, sampleRate), sampleRate));
}

/** The package's integrated loudness (same tiling rule): the reference bs1770-meter.ts is held to. */
export function integratedLoudnessByPackage(samples: Float32Array, sampleRate: number): number {
  if (samples.length === 0) return -Infinity;
  const wasm = meter();
  const measured = tiled(samples, sampleRate);
  return finiteOr(wasm.ebur128_integrated_mono(sampleRate, pass(wasm, measured), measured.length));
}

/**
 * Integrated loudness of a signal with long runs of digital silence (a lesson track's pauses). BS.1770
 * gates 400 ms blocks every 100 ms; a block of digital silence falls under the absolute gate and counts
 * for nothing, and our meter skips such silence once its filter has settled (bs1770-meter.ts), so the
 * whole signal is metered at the cost of its sound: the same number as metering it without its pauses.
 */
export function integratedLoudnessOfSparse(samples: Float32Array, sampleRate: number): number {
  return integratedLoudness(samples, sampleRate);
}

/**
 * True peak in dBTP; -Infinity for digital silence. Under 96 kHz (every engine's native rate) by
 * true-peak.ts, which reads the same as the package at a fraction of the work; above, by the package.
 */
export function truePeak(samples: Float32Array, sampleRate: number): number {
  if (samples.length === 0) return -Infinity;
  return sampleRate < 96_000 ? truePeakDbtp(samples) : truePeakByPackage(samples, sampleRate);
}

/** The package's true peak (the binding converts the crate's linear peak): the reference true-peak.ts is held to. */
export function truePeakByPackage(samples: Float32Array, sampleRate: number): number {
  if (samples.length === 0) return -Infinity;
  const wasm = meter();
  return finiteOr(wasm.ebur128_true_peak_mono(sampleRate, pass(wasm, samples), samples.length));
}

/** Both measures of mono float samples in [-1, 1]. */
export function measureLoudness(samples: Float32Array, sampleRate: number): Loudness {
  return { integratedLufs: integratedLoudness(samples, sampleRate), truePeakDbtp: truePeak(samples, sampleRate) };
}

/** NaN or a huge negative from the meter on silence becomes -Infinity, one value callers test for. */
function finiteOr(value: number): number {
  return Number.isFinite(value) && value > -200 ? value : -Infinity;
}
