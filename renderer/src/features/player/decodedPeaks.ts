import { useEffect, useState } from 'react';

// Main sends peaks for WAV renders only (it has no MP3 decoder); for MP3 (and audition takes) the
// page decodes the audio itself with Web Audio. A few hundred KB at most, once per file; the result
// is remembered. In Electron the fetch goes from app://studio to app://audio: the CSP's
// `connect-src app:` allows it and main answers with `Access-Control-Allow-Origin: app://studio`.

const PEAK_COUNT = 200;
const cache = new Map<string, number[]>();
let context: AudioContext | null = null;

async function decodePeaks(url: string): Promise<number[]> {
  const known = cache.get(url);
  if (known) return known;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  context ??= new AudioContext();
  const audio = await context.decodeAudioData(await response.arrayBuffer());
  const samples = audio.getChannelData(0);
  const peaks: number[] = [];
  const step = Math.max(1, Math.floor(samples.length / PEAK_COUNT));
  for (let i = 0; i < PEAK_COUNT; i++) {
    let max = 0;
    const end = Math.min(samples.length, (i + 1) * step);
    for (let j = i * step; j < end; j++) {
      const v = Math.abs(samples[j]!);
      if (v > max) max = v;
    }
    peaks.push(max);
  }
  if (cache.size > 200) cache.delete(cache.keys().next().value!);
  cache.set(url, peaks);
  return peaks;
}

/** The peaks to draw: main's when it sent some, otherwise decoded here (empty until ready, or on failure). */
export function usePeaks(url: string | undefined, given: readonly number[] | undefined): readonly number[] {
  const [decoded, setDecoded] = useState<{ url: string; peaks: number[] } | null>(null);
  const needsDecoding = !!url && (!given || given.length === 0);
  useEffect(() => {
    if (!needsDecoding || !url) return;
    let current = true;
    decodePeaks(url)
      .then((peaks) => current && setDecoded({ url, peaks }))
      // Not decodable here (format, CSP): the flat line with its playhead still works.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [url, needsDecoding]);
  if (!needsDecoding) return given ?? [];
  return decoded?.url === url ? decoded.peaks : [];
}
