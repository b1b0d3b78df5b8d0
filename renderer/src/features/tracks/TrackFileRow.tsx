import type { TrackView } from '../../../../shared/ipc/deliverables-contract';
import { formatLoudness } from '../../lib/qaText';
import { formatClock } from '../../lib/format';
import { usePlayer } from '../../store/player';
import { useTracks } from '../../store/tracks';
import { Button } from '../../ui/Button';
import { StatusIcon } from '../course/cellStatus';
import { BUILD_STATE_DETAIL, BUILD_STATE_ICON, BUILD_STATE_LABEL, needsBuild } from './trackStateText';

/** One lesson file of a track: state, length, and Play / Listen through / Build. */
export function TrackFileRow({ file }: { file: TrackView }): React.JSX.Element {
  const building = useTracks((s) => s.building);
  const build = useTracks((s) => s.build);
  const playTrack = useTracks((s) => s.playTrack);
  const listenThrough = useTracks((s) => s.listenThrough);
  const loaded = usePlayer((s) => s.source?.kind === 'track' && s.source.file === file.file);
  // An outdated file still plays what was built before.
  const playable = file.state !== 'not-built' && file.durationMs !== undefined;
  const id = testId(file.file);

  return (
    <li className={loaded ? 'track-file is-loaded' : 'track-file'} data-testid={`track-file-${id}`} data-state={file.state}>
      <div className="track-file-head">
        <span className="track-lesson" title={file.title}>
          {file.lesson}
        </span>
        <span className={`track-state st-${BUILD_STATE_ICON[file.state]}`} title={BUILD_STATE_DETAIL[file.state]} data-testid={`track-state-${id}`}>
          <StatusIcon status={BUILD_STATE_ICON[file.state]} size={13} />
          {BUILD_STATE_LABEL[file.state]}
        </span>
        <span className="track-meta muted small num">
          {playable ? formatClock(file.durationMs!) : '—'}
          {file.loudnessLufs !== undefined && ` · ${formatLoudness(file.loudnessLufs)}`}
        </span>
      </div>
      <div className="track-actions">
        <Button size="sm" variant="ghost" icon="play" disabled={!playable} onClick={() => void playTrack(file.file)} data-testid={`track-play-${id}`}>
          Play
        </Button>
        <Button
          size="sm"
          variant="ghost"
          icon="wave"
          onClick={() => void listenThrough(file.file)}
          title="Play the lesson in order, the table following each phrase"
          data-testid={`track-listen-${id}`}
        >
          Listen through
        </Button>
        {needsBuild(file) && (
          <Button
            size="sm"
            variant="secondary"
            busy={building}
            onClick={() => void build()}
            title={`${BUILD_STATE_DETAIL[file.state]} (Build makes every track file that needs it; unchanged files are kept.)`}
            data-testid={`track-build-${id}`}
          >
            Build
          </Button>
        )}
      </div>
    </li>
  );
}

/** "tracks/drill/L01.mp3" -> "drill-L01": stable test ids without slashes or the extension. */
export const testId = (file: string): string =>
  file
    .replace(/^tracks\//, '')
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
