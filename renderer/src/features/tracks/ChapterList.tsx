import { formatClock } from '../../lib/format';
import { useCourse } from '../../store/course';
import { usePlayer } from '../../store/player';
import { useChapterIndex } from '../player/useChapterIndex';

/** The chapters of the track in the player: the phrase playing highlighted; a click jumps to a phrase. */
export function ChapterList(): React.JSX.Element | null {
  const source = usePlayer((s) => s.source);
  const seekMs = usePlayer((s) => s.seekMs);
  const phraseById = useCourse((s) => s.phraseById);
  const current = useChapterIndex();
  if (source?.kind !== 'track') return null;
  return (
    <section className="panel-section" aria-labelledby="chapters-title">
      <div className="section-head">
        <h3 id="chapters-title">Chapters</h3>
        <span className="muted small" title={source.file}>
          {source.title}
        </span>
      </div>
      <ol className="chapter-list" data-testid="chapter-list">
        {source.chapters.map((chapter, i) => {
          const phrase = phraseById.get(chapter.phrase);
          return (
            <li key={`${chapter.phrase}-${i}`}>
              <button
                type="button"
                className={i === current ? 'chapter is-current' : 'chapter'}
                aria-current={i === current ? 'true' : undefined}
                onClick={() => seekMs(chapter.startMs)}
                data-testid={`chapter-${chapter.phrase}`}
                data-start-ms={chapter.startMs}
              >
                <span className="chapter-time num">{formatClock(chapter.startMs)}</span>
                <span className="chapter-id num">{chapter.phrase}</span>
                <span className="chapter-text">{phrase?.target ?? ''}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
