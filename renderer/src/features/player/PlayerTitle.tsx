import { formatRate, plural } from '../../lib/format';
import type { PlayerSource } from '../../store/player';

/** What is loaded, in two lines: file (or take text, or track title) and where it comes from. */
export function PlayerTitle({ source }: { source: PlayerSource | null }): React.JSX.Element {
  if (!source) {
    return (
      <>
        <div className="player-title muted">Nothing loaded</div>
        <div className="player-sub">Click a rendered cell to hear it</div>
      </>
    );
  }
  if (source.kind === 'track') {
    return (
      <>
        <div className="player-title" data-testid="player-file" title={source.file}>
          {source.title}
        </div>
        <div className="player-sub">
          Track {source.track} · {source.lesson} · {plural(source.chapters.length, 'phrase')}
        </div>
      </>
    );
  }
  return (
    <>
      <div className="player-title" data-testid="player-file" title={source.kind === 'render' ? source.file : source.text}>
        {source.kind === 'render' ? fileName(source.file) : `“${source.text}”`}
      </div>
      <div className="player-sub">
        {source.kind === 'render' ? `${source.phraseId} · ${source.variantId} · ` : 'Audition · '}
        {source.voice} · <span className="num">{formatRate(source.rate)}</span>
      </div>
    </>
  );
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
