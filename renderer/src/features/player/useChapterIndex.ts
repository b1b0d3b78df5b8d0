import { useEffect, useState } from 'react';
import { audioElement } from '../../lib/audioOutput';
import { chapterIndexAt } from '../../lib/chapters';
import { usePlayer } from '../../store/player';
import { useUi } from '../../store/ui';

/**
 * The chapter of the loaded track that is playing (-1 when none, or no track is loaded). Read on
 * animation frames from the <audio> element; React hears of it only when the chapter changes.
 */
export function useChapterIndex(): number {
  const source = usePlayer((s) => s.source);
  const chapters = source?.kind === 'track' ? source.chapters : null;
  const [index, setIndex] = useState(-1);
  useEffect(() => {
    if (!chapters) {
      setIndex(-1);
      return;
    }
    let frame = 0;
    const tick = (): void => {
      setIndex(chapterIndexAt(chapters, (audioElement()?.currentTime ?? 0) * 1000));
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [chapters]);
  return chapters ? index : -1;
}

/** "Listen through": while a followed track plays, the table selects the phrase being heard. */
export function ChapterFollower(): null {
  const source = usePlayer((s) => s.source);
  const index = useChapterIndex();
  const follow = source?.kind === 'track' ? source.follow : null;
  const phraseId = source?.kind === 'track' && index >= 0 ? source.chapters[index]?.phrase : undefined;
  useEffect(() => {
    if (follow && phraseId) useUi.getState().select({ phraseId, variantId: follow });
  }, [follow, phraseId]);
  return null;
}
