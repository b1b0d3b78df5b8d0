/*
 * The C side of our LAME build (build-lame-wasm.sh compiles it with LAME 3.100's libmp3lame to
 * wasm32-wasi): one mono constant-bitrate stream per handle, 16-bit or float PCM in, bare MPEG frames
 * out (no ID3, no Xing/LAME tag). lame-encoder.ts is the JavaScript side.
 */
#include <stdlib.h>
#include "lame.h"

/*
 * A stream at `in_rate` Hz written at `out_rate` (0: LAME chooses) and `kbps`. `quality` is LAME's
 * algorithm quality (-q: 0 best/slowest .. 9 fastest); a negative value keeps LAME's default (3).
 * `scale` multiplies the input inside LAME (its --scale), at no cost of its own.
 * Returns 0 when LAME refuses the settings.
 */
__attribute__((export_name("lame_open"))) lame_global_flags *lame_open(int in_rate, int out_rate, int kbps, int quality, float scale) {
  lame_global_flags *gfp = lame_init();
  if (!gfp) return 0;
  lame_set_num_channels(gfp, 1);
  lame_set_in_samplerate(gfp, in_rate);
  lame_set_out_samplerate(gfp, out_rate);
  lame_set_VBR(gfp, vbr_off);
  lame_set_brate(gfp, kbps);
  if (quality >= 0) lame_set_quality(gfp, quality);
  lame_set_scale(gfp, scale);
  lame_set_bWriteVbrTag(gfp, 0);
  lame_set_write_id3tag_automatic(gfp, 0);
  if (lame_init_params(gfp) < 0) {
    lame_close(gfp);
    return 0;
  }
  return gfp;
}

/* What LAME settled on (it may lower the bitrate, or pick the rate when asked for 0). */
__attribute__((export_name("lame_rate"))) int lame_rate(lame_global_flags *gfp) { return lame_get_out_samplerate(gfp); }
__attribute__((export_name("lame_kbps"))) int lame_kbps(lame_global_flags *gfp) { return lame_get_brate(gfp); }

/* Encodes `n` samples; returns the bytes written to `out` (at most `out_size`), or LAME's negative error. */
__attribute__((export_name("lame_encode_int16"))) int lame_encode_int16(lame_global_flags *gfp, const short *pcm, int n, unsigned char *out, int out_size) {
  return lame_encode_buffer(gfp, pcm, pcm, n, out, out_size);
}

/* The same for floats in [-1, 1]. */
__attribute__((export_name("lame_encode_float"))) int lame_encode_float(lame_global_flags *gfp, const float *pcm, int n, unsigned char *out, int out_size) {
  return lame_encode_buffer_ieee_float(gfp, pcm, pcm, n, out, out_size);
}

/* The last frames (LAME's look-ahead and padding to a whole frame). */
__attribute__((export_name("lame_finish"))) int lame_finish(lame_global_flags *gfp, unsigned char *out, int out_size) {
  return lame_encode_flush(gfp, out, out_size);
}

__attribute__((export_name("lame_free"))) void lame_free(lame_global_flags *gfp) { lame_close(gfp); }

__attribute__((export_name("heap_alloc"))) void *heap_alloc(int bytes) { return malloc(bytes); }
__attribute__((export_name("heap_free"))) void heap_free(void *pointer) { free(pointer); }
