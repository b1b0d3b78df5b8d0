import { MPEGDecoder } from 'mpg123-decoder';

/**
 * MP3 bytes decoded as a player decodes them (mpg123 in wasm): one decoder per thread, created on first
 * use and reset after every file, decodes run one after another (a decode and its reset must not
 * interleave with another file's). Used to hold a file to what is heard: its true peak
 * (deliver/mp3-peak-check.ts) and the level the codec leaves it at (mp3-level.ts).
 */
let decoderPromise: Promise<MPEGDecoder> | undefined;
let decoding: Promise<unknown> = Promise.resolve();

/** The first channel of `mp3`, decoded. */
export function decodeMp3(mp3: Uint8Array): Promise<{ samples: Float32Array; sampleRate: number }> {
  decoderPromise ??= (async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    return decoder;
  })();
  const decoded = decoding.then(async () => {
    const decoder = await decoderPromise!;
    try {
      const result = decoder.decode(mp3);
      return { samples: result.channelData[0] ?? new Float32Array(0), sampleRate: result.sampleRate };
    } finally {
      await decoder.reset();
    }
  });
  decoding = decoded.catch(() => undefined);
  return decoded;
}
