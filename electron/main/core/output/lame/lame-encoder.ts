/**
 * LAME 3.100 in WebAssembly, our own build (build-lame-wasm.sh; lame-glue.c is its C side): one mono
 * constant-bitrate stream at a time, bare MPEG frames out. We build it instead of using a packaged
 * one because the packages (wasm-media-encoders, @mediabunny/mp3-encoder) take only Float32 and fix
 * LAME's algorithm quality, and their builds encode speech ~12 % slower than this one at the same
 * quality (clang -O3 -msimd128): on a course's hours of MP3, that is the derive workers' main cost.
 *
 * The module is compiled and instantiated once per thread and reused; a stream is LAME's own state
 * inside it, opened per encode and freed after. Everything is synchronous, so streams never interleave.
 */
import { concatBytes } from '../../bytes';
import { WebAssemblyApi, type WasmMemory } from '../../web-assembly';
import { LAME_WASM_BASE64 } from './lame-wasm';

/** The sample rates an MP3 can have (MPEG-1, 2 and 2.5). */
export const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
export const isMp3SampleRate = (rate: number): boolean => (MP3_SAMPLE_RATES as readonly number[]).includes(rate);

export interface LameStreamSettings {
  /** Rate of the PCM handed in. */
  readonly sampleRate: number;
  /** Rate of the MP3 (an MPEG rate); 0 lets LAME choose. */
  readonly outputSampleRate: number;
  /** Constant bitrate in kbps (LAME lowers one its MPEG version cannot carry). */
  readonly bitrate: number;
  /** LAME's `-q` (0 best .. 9 fastest); absent: LAME's default, 3. */
  readonly quality?: number;
  /** A gain LAME applies to the input (its `--scale`); absent: 1. */
  readonly scale?: number;
}

export interface LameStream {
  /** What LAME settled on: the file's rate and bitrate. */
  readonly sampleRate: number;
  readonly bitrate: number;
  /** Encodes mono PCM (Int16, or Float32 in [-1, 1]); returns the frames completed so far (a copy). */
  encode(pcm: Int16Array | Float32Array): Uint8Array;
  /** The remaining frames; the stream is freed. */
  finish(): Uint8Array;
  /** Frees the stream without finishing it (after an error). Safe to call twice. */
  close(): void;
}

interface LameExports {
  readonly memory: WasmMemory;
  _initialize(): void;
  lame_open(inRate: number, outRate: number, kbps: number, quality: number, scale: number): number;
  lame_rate(handle: number): number;
  lame_kbps(handle: number): number;
  lame_encode_int16(handle: number, pcm: number, samples: number, out: number, outSize: number): number;
  lame_encode_float(handle: number, pcm: number, samples: number, out: number, outSize: number): number;
  lame_finish(handle: number, out: number, outSize: number): number;
  lame_free(handle: number): void;
  heap_alloc(bytes: number): number;
  heap_free(pointer: number): void;
}

/** Samples handed to LAME per call: the input and output buffers are sized for this once. */
export const LAME_CHUNK_SAMPLES = 1 << 16;
/** LAME's documented worst case for `samples` in: 1.25 x samples + 7200 bytes. */
const OUTPUT_BYTES = Math.ceil(1.25 * LAME_CHUNK_SAMPLES) + 7200;

interface Lame {
  readonly exports: LameExports;
  /** Scratch in wasm memory, reused by every stream of this thread. */
  readonly input: number;
  readonly output: number;
}

let lame: Lame | undefined;

function loadLame(): Lame {
  if (lame) return lame;
  const module = new WebAssemblyApi.Module(Buffer.from(LAME_WASM_BASE64, 'base64'));
  // The instance's memory, for the WASI calls (they can only be reached once it exists).
  const linked: { memory?: WasmMemory } = {};
  // The few WASI calls libc links in: LAME's messages to stderr are dropped, and it never exits.
  const wasi = {
    fd_write(_fd: number, iovs: number, count: number, written: number): number {
      const view = new DataView(linked.memory!.buffer);
      let bytes = 0;
      for (let index = 0; index < count; index++) bytes += view.getUint32(iovs + index * 8 + 4, true);
      view.setUint32(written, bytes, true);
      return 0;
    },
    fd_seek: (): number => 70, // ESPIPE
    fd_close: (): number => 0,
    proc_exit(code: number): never {
      throw new Error(`LAME exited (${code})`);
    },
  };
  const instance = new WebAssemblyApi.Instance(module, { wasi_snapshot_preview1: wasi });
  const exports = instance.exports as unknown as LameExports;
  linked.memory = exports.memory;
  exports._initialize();
  const input = exports.heap_alloc(LAME_CHUNK_SAMPLES * 4);
  const output = exports.heap_alloc(OUTPUT_BYTES);
  if (!input || !output) throw new Error('LAME: no memory for its buffers');
  lame = { exports, input, output };
  return lame;
}

/** Compiles LAME now, so the first stream does not pay for it. */
export function preloadLame(): void {
  loadLame();
}

/**
 * A new LAME stream. Throws a RangeError for settings it cannot honour: LAME itself accepts nearly
 * anything and quietly substitutes (a rate of 0 becomes 44.1 kHz, an output rate MPEG lacks is ignored).
 */
export function openLameStream(settings: LameStreamSettings): LameStream {
  const problem = settingsProblem(settings);
  if (problem) throw new RangeError(`LAME: ${problem}`);
  const { exports, input, output } = loadLame();
  let handle = exports.lame_open(settings.sampleRate, settings.outputSampleRate, settings.bitrate, settings.quality ?? -1, settings.scale ?? 1);
  if (!handle) throw new RangeError(`LAME refuses ${settings.sampleRate} Hz -> ${settings.outputSampleRate || 'any'} Hz at ${settings.bitrate} kbps`);
  const copyOut = (bytes: number, what: string): Uint8Array => {
    if (bytes < 0) throw new Error(`LAME ${what} failed (${bytes})`);
    return new Uint8Array(exports.memory.buffer, output, bytes).slice();
  };
  const live = (): number => {
    if (!handle) throw new Error('LAME stream already finished');
    return handle;
  };
  const close = (): void => {
    if (handle) exports.lame_free(handle);
    handle = 0;
  };
  return {
    sampleRate: exports.lame_rate(handle),
    bitrate: exports.lame_kbps(handle),
    encode(pcm) {
      const parts: Uint8Array[] = [];
      for (let start = 0; start < pcm.length; start += LAME_CHUNK_SAMPLES) {
        const chunk = pcm.subarray(start, Math.min(start + LAME_CHUNK_SAMPLES, pcm.length));
        // A view per chunk: LAME's allocations may grow (and replace) the memory's buffer.
        if (chunk instanceof Int16Array) {
          new Int16Array(exports.memory.buffer, input, chunk.length).set(chunk);
          parts.push(copyOut(exports.lame_encode_int16(live(), input, chunk.length, output, OUTPUT_BYTES), 'encoding'));
        } else {
          new Float32Array(exports.memory.buffer, input, chunk.length).set(chunk);
          parts.push(copyOut(exports.lame_encode_float(live(), input, chunk.length, output, OUTPUT_BYTES), 'encoding'));
        }
      }
      return concatBytes(parts);
    },
    finish() {
      try {
        return copyOut(exports.lame_finish(live(), output, OUTPUT_BYTES), 'flush');
      } finally {
        close();
      }
    },
    close,
  };
}

function settingsProblem({ sampleRate, outputSampleRate, bitrate, quality, scale }: LameStreamSettings): string | undefined {
  if (!Number.isInteger(sampleRate) || sampleRate < 1_000 || sampleRate > 768_000) return `invalid input sample rate ${sampleRate}`;
  if (outputSampleRate !== 0 && !isMp3SampleRate(outputSampleRate)) return `MP3 has no ${outputSampleRate} Hz sample rate`;
  if (!Number.isInteger(bitrate) || bitrate < 8 || bitrate > 320) return `invalid bitrate ${bitrate} kbps`;
  if (quality !== undefined && (!Number.isInteger(quality) || quality < 0 || quality > 9)) return `quality ${quality} is not 0-9`;
  if (scale !== undefined && !(scale > 0 && scale <= 4)) return `scale ${scale} is not in (0, 4]`;
  return undefined;
}
