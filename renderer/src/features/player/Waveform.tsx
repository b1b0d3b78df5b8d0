import { useEffect, useId, useMemo, useRef } from 'react';
import { audioElement } from '../../lib/audioOutput';
import { usePlayer } from '../../store/player';

const BARS = 160;
const HEIGHT = 40;

/** Peaks resampled to a fixed number of bars, so a long file and a short one draw alike. */
function resample(peaks: readonly number[], bars: number): number[] {
  if (peaks.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i < bars; i++) {
    const from = Math.floor((i * peaks.length) / bars);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / bars));
    let max = 0;
    for (let j = from; j < to && j < peaks.length; j++) max = Math.max(max, peaks[j]!);
    out.push(max);
  }
  return out;
}

/**
 * The render's waveform with the played part in the accent colour and a playhead. The playhead
 * moves on animation frames by writing to the DOM directly: a React render sixty times a second
 * for one line would be waste.
 */
export function Waveform({ peaks, showHead = true }: { peaks: readonly number[]; showHead?: boolean }): React.JSX.Element {
  // No peaks (an audition take): a flat line, which still shows the playhead moving.
  const bars = useMemo(() => (peaks.length > 0 ? resample(peaks, BARS) : new Array<number>(BARS).fill(0)), [peaks]);
  const clipRect = useRef<SVGRectElement>(null);
  const head = useRef<SVGLineElement>(null);
  const clipId = useId();
  const seekFraction = usePlayer((s) => s.seekFraction);

  useEffect(() => {
    let frame = 0;
    const tick = (): void => {
      const audio = audioElement();
      const fraction = audio && Number.isFinite(audio.duration) && audio.duration > 0 ? audio.currentTime / audio.duration : 0;
      const x = (fraction * BARS).toFixed(2);
      clipRect.current?.setAttribute('width', x);
      head.current?.setAttribute('x1', x);
      head.current?.setAttribute('x2', x);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, []);

  const max = Math.max(0.05, ...bars);
  const flat = peaks.length === 0;
  const path = flat
    ? `M0,${HEIGHT / 2}H${BARS}`
    : bars
        .map((peak, i) => {
          const h = Math.max(1.2, (peak / max) * (HEIGHT - 4));
          return `M${i + 0.5},${((HEIGHT - h) / 2).toFixed(2)}v${h.toFixed(2)}`;
        })
        .join('');

  return (
    <svg
      className="waveform"
      viewBox={`0 0 ${BARS} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="slider"
      aria-label="Position"
      aria-valuemin={0}
      aria-valuemax={100}
      tabIndex={-1}
      data-testid="player-waveform"
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        seekFraction((e.clientX - box.left) / box.width);
      }}
    >
      <defs>
        <clipPath id={clipId}>
          <rect ref={clipRect} x="0" y="0" width="0" height={HEIGHT} />
        </clipPath>
      </defs>
      <path className={flat ? 'wave-base is-flat' : 'wave-base'} d={path} />
      <path className={flat ? 'wave-played is-flat' : 'wave-played'} d={path} clipPath={`url(#${clipId})`} />
      <line ref={head} className={showHead ? 'wave-head' : 'wave-head is-hidden'} x1="0" x2="0" y1="0" y2={HEIGHT} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
