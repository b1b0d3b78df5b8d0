import { chapterFractions, type TrackChapter } from '../../lib/chapters';
import { formatClock } from '../../lib/format';
import { useCourse } from '../../store/course';
import { usePlayer } from '../../store/player';

/**
 * A track's chapters as markers over the waveform, one per phrase: a click jumps to where that phrase
 * starts. Buttons (not SVG shapes) so they take focus and are named for screen readers.
 */
export function ChapterMarkers({ chapters, durationMs }: { chapters: readonly TrackChapter[]; durationMs: number }): React.JSX.Element {
  const seekMs = usePlayer((s) => s.seekMs);
  const phraseById = useCourse((s) => s.phraseById);
  const fractions = chapterFractions(chapters, durationMs);
  return (
    <div className="chapter-markers">
      {chapters.map((chapter, i) => {
        const phrase = phraseById.get(chapter.phrase);
        const label = `${chapter.phrase} at ${formatClock(chapter.startMs)}${phrase ? `: ${phrase.target}` : ''}`;
        return (
          <button
            key={`${chapter.phrase}-${i}`}
            type="button"
            className="chapter-marker"
            style={{ left: `${(fractions[i]! * 100).toFixed(3)}%` }}
            title={label}
            aria-label={`Jump to ${label}`}
            onClick={() => seekMs(chapter.startMs)}
            data-testid={`chapter-marker-${chapter.phrase}`}
            data-start-ms={chapter.startMs}
          />
        );
      })}
    </div>
  );
}
