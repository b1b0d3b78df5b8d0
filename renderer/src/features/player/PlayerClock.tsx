import { useEffect, useRef } from 'react';
import { audioElement } from '../../lib/audioOutput';
import { formatClock } from '../../lib/format';
import { usePlayer } from '../../store/player';

/** Position / duration in tabular figures; the position is written on animation frames, outside React. */
export function PlayerClock(): React.JSX.Element {
  const durationMs = usePlayer((s) => s.durationMs);
  const position = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    let shown = '';
    const tick = (): void => {
      const text = formatClock((audioElement()?.currentTime ?? 0) * 1000);
      if (text !== shown && position.current) position.current.textContent = shown = text;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <div className="player-clock num">
      <span ref={position} data-testid="player-position">
        {formatClock(0)}
      </span>
      <span className="muted"> / </span>
      <span data-testid="player-duration" data-ms={Math.round(durationMs)}>
        {formatClock(durationMs)}
      </span>
    </div>
  );
}
