/**
 * The silence an MP3 of ours plays around its samples. Our MP3s carry no LAME/Xing tag (mp3.ts), so a
 * decoder cannot trim the codec's delays: what players and meters (ffmpeg's ebur128) hear is LAME's
 * encoder delay (576 samples) plus the decoder's (529), then the samples, then the padding up to whole
 * frames (576 samples a frame up to 24 kHz, 1152 above). On a short clip that shifts BS.1770's 400 ms
 * blocks against the speech and adds a little silence: ffmpeg read the sample course's 450 MP3 clips
 * 0.54 +- 0.18 LU under their samples (-1.21 at worst); with this timeline metered, what is left is the
 * codec's own level loss, 0.45 +- 0.03 dB (output/README.md).
 *
 * The frame count, ceil((n + 1105 + 48) / 576), matches every one of those 450 clips at 22.05 kHz.
 */
const ENCODER_DELAY = 576;
const DECODER_DELAY = 529;

/** Samples per layer III frame: 576 for MPEG-2/2.5 (up to 24 kHz), 1152 for MPEG-1 (32 kHz and up). */
export const mp3SamplesPerFrame = (sampleRate: number): 576 | 1152 => (sampleRate <= 24_000 ? 576 : 1152);

/** What LAME's flush adds after the samples at least, before rounding up to whole frames. */
const MIN_FLUSH = 48;

/** Samples of silence heard before an MP3 stream of ours plays its first sample: LAME's delay plus the decoder's. */
export const MP3_HEARD_DELAY = ENCODER_DELAY + DECODER_DELAY;

/** The most an MP3 stream of ours decodes to beyond its samples (delays, flush, the last frame's rest), at its rate. */
export const mp3MaxOverhead = (mp3Rate: number): number => MP3_HEARD_DELAY + MIN_FLUSH + mp3SamplesPerFrame(mp3Rate) - 1;

export interface HeardTimeline {
  /** Silence before the samples, in samples at the rate they are given in. */
  readonly leadSamples: number;
  /** Silence after them. */
  readonly tailSamples: number;
}

/**
 * The timeline of `samples` samples at `sampleRate`, encoded as MP3 at `mp3Rate` (resampled first when
 * the rates differ), in samples at `sampleRate`.
 */
export function mp3Timeline(samples: number, sampleRate: number, mp3Rate = sampleRate): HeardTimeline {
  const frame = mp3SamplesPerFrame(mp3Rate);
  const encoded = Math.round((samples * mp3Rate) / sampleRate);
  const lead = MP3_HEARD_DELAY;
  const frames = Math.floor((encoded + lead + MIN_FLUSH + frame - 1) / frame);
  const tail = frames * frame - encoded - lead;
  const atRate = (count: number): number => Math.max(0, Math.round((count * sampleRate) / mp3Rate));
  return { leadSamples: atRate(lead), tailSamples: atRate(tail) };
}
