import { useCallback, useState } from 'react';
import { invoke } from '../../lib/api';
import { registerAudioElement } from '../../lib/audioOutput';
import { usePlayer } from '../../store/player';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { ChapterMarkers } from './ChapterMarkers';
import { usePeaks } from './decodedPeaks';
import { PlayerClock } from './PlayerClock';
import { PlayerTitle } from './PlayerTitle';
import { ChapterFollower } from './useChapterIndex';
import { Waveform } from './Waveform';

/** Bottom bar: what is loaded (a render, an audition take or a track with its chapter markers), its waveform, and transport. */
export function PlayerBar(): React.JSX.Element {
  const source = usePlayer((s) => s.source);
  const status = usePlayer((s) => s.status);
  const loading = usePlayer((s) => s.loadingKey !== null);
  const toggle = usePlayer((s) => s.toggle);
  const audioEvent = usePlayer((s) => s.audioEvent);
  const audioFailed = usePlayer((s) => s.audioFailed);
  const [revealing, setRevealing] = useState(false);

  const peaks = usePeaks(source?.url, source?.kind === 'render' ? source.peaks : undefined);
  const audioRef = useCallback((el: HTMLAudioElement | null) => registerAudioElement(el), []);
  const playing = status === 'playing';

  const showInFolder = async (): Promise<void> => {
    if (source?.kind !== 'render' && source?.kind !== 'track') return;
    setRevealing(true);
    try {
      const { path } =
        source.kind === 'render'
          ? await invoke('shell:showInFolder', { phraseId: source.phraseId, variantId: source.variantId })
          : await invoke('deliverables:reveal', { file: source.file });
      toastInfo('Shown in the folder.', path);
    } catch (error) {
      toastError('show the file', error);
    } finally {
      setRevealing(false);
    }
  };

  return (
    <footer className="player" aria-label="Player" data-testid="player" data-status={status}>
      <audio
        ref={audioRef}
        preload="auto"
        data-testid="player-audio"
        onPlay={() => audioEvent('play')}
        onPause={() => audioEvent('pause')}
        onEnded={() => audioEvent('ended')}
        onDurationChange={() => audioEvent('duration')}
        onLoadedMetadata={() => audioEvent('duration')}
        onError={() => audioFailed()}
      />
      <button
        type="button"
        className="play-btn"
        onClick={toggle}
        disabled={!source}
        aria-label={playing ? 'Pause' : 'Play'}
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
        data-testid="player-toggle"
      >
        {loading || status === 'loading' ? <Spinner size={16} /> : <Icon name={playing ? 'pause' : 'play'} size={18} />}
      </button>
      <div className="player-meta">
        <PlayerTitle source={source} />
      </div>
      <div className="player-wave">
        <Waveform peaks={peaks} showHead={source !== null} />
        {source?.kind === 'track' && <ChapterMarkers chapters={source.chapters} durationMs={source.durationMs} />}
        <ChapterFollower />
      </div>
      <PlayerClock />
      <Button
        variant="ghost"
        size="sm"
        icon="folder"
        onClick={() => void showInFolder()}
        disabled={source?.kind !== 'render' && source?.kind !== 'track'}
        busy={revealing}
        data-testid="show-in-folder"
      >
        Show in folder
      </Button>
    </footer>
  );
}
