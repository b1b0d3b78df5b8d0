/**
 * Sample-rate conversion of mono 16-bit PCM (or floats), for delivering a master at another rate than the
 * engine's (`output.sampleRate`). libsamplerate (Erik de Castro Lopo's band-limited sinc converter)
 * compiled to wasm, via `@alexanderolsen/libsamplerate-js`: no native build, and it runs in any
 * thread (main or worker), like the LAME encoder in mp3.ts.
 *
 * SRC_SINC_MEDIUM_QUALITY: 121 dB SNR and 90 % of the band kept, far beyond what speech needs, at
 * ~15-30 ms per second of audio; the converters are created once per rate pair and thread and reused.
 */
import type Samplerate from '@alexanderolsen/libsamplerate-js';
import { lazyCommonJs } from '../commonjs-import';
import { floatsOfInt16 } from './int16-floats';

type Converter = Awaited<ReturnType<typeof Samplerate.create>>;

const converters = new Map<string, Promise<Converter>>();

/**
 * The library, loaded on the first conversion: it is 2 MB of JavaScript with its wasm inlined, ~60 ms
 * of CPU to load in every thread that imports it, and most courses deliver at the engine's own rate.
 */
const loadLibrary = lazyCommonJs(
  () => import('@alexanderolsen/libsamplerate-js'),
  (value): value is typeof Samplerate => typeof (value as Partial<typeof Samplerate> | undefined)?.create === 'function',
  'libsamplerate-js',
);

function converter(fromRate: number, toRate: number): Promise<Converter> {
  const pair = `${fromRate}>${toRate}`;
  let made = converters.get(pair);
  if (!made) {
    made = loadLibrary().then((samplerate) => samplerate.create(1, fromRate, toRate, { converterType: samplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY }));
    made.catch(() => converters.delete(pair)); // let the next call retry
    converters.set(pair, made);
  }
  return made;
}

/**
 * `pcm` (mono Int16 at `fromRate`) at `toRate`. The same samples when the rates are equal. The result
 * has `round(length * toRate / fromRate)` samples, so the duration is kept.
 */
export async function resamplePcm(pcm: Int16Array, fromRate: number, toRate: number): Promise<Int16Array> {
  checkRates(fromRate, toRate);
  if (fromRate === toRate || pcm.length === 0) return pcm;
  const output = await resampleFloats(floatsOfInt16(pcm), fromRate, toRate);
  const samples = new Int16Array(output.length);
  for (let i = 0; i < output.length; i++) {
    const value = Math.round(output[i]! * 32768);
    samples[i] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return samples;
}

/** `resamplePcm` for mono floats in [-1, 1], kept as floats (an MP3 track's segments go to LAME as floats). */
export async function resampleFloats(samples: Float32Array, fromRate: number, toRate: number): Promise<Float32Array> {
  checkRates(fromRate, toRate);
  if (fromRate === toRate || samples.length === 0) return samples;
  const src = await converter(fromRate, toRate);
  // simple() runs synchronously from here on: no other conversion in this thread interleaves.
  return src.simple(samples);
}

function checkRates(fromRate: number, toRate: number): void {
  for (const rate of [fromRate, toRate]) {
    if (!Number.isInteger(rate) || rate <= 0) throw new RangeError(`resamplePcm: invalid sample rate ${rate}`);
  }
}
