import { useEffect } from 'react';
import { isLive, useRun } from '../../store/run';
import { useCourse } from '../../store/course';
import { groupByTrack, useTracks } from '../../store/tracks';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/Spinner';
import { ChapterList } from './ChapterList';
import { ExportSection } from './ExportSection';
import { TrackFileRow } from './TrackFileRow';
import { needsBuild } from './trackStateText';

/** Right panel, "Tracks" tab: the course's lesson tracks, the chapters of the one playing, and exports. */
export function TracksPanel(): React.JSX.Element {
  const courseId = useCourse((s) => s.course?.id ?? null);
  const files = useTracks((s) => s.files);
  const loading = useTracks((s) => s.loading);
  const building = useTracks((s) => s.building);
  const load = useTracks((s) => s.load);
  const build = useTracks((s) => s.build);
  // What the folder holds changes with the course and when a run ends (new renders make tracks stale or buildable).
  const running = useRun((s) => isLive(s.run.state));

  useEffect(() => {
    if (courseId && !running) void load();
  }, [courseId, running, load]);

  if (!courseId) {
    return (
      <div className="panel-body" data-testid="tracks-panel">
        <p className="muted">Open a course to see its lesson tracks.</p>
      </div>
    );
  }
  const buildable = (files ?? []).some(needsBuild);
  const tracks = groupByTrack(files ?? []);
  return (
    <div className="panel-body" data-testid="tracks-panel">
      <section className="panel-section" aria-labelledby="tracks-title">
        <div className="section-head">
          <h3 id="tracks-title">Lesson tracks {loading && <Spinner size={12} />}</h3>
          {tracks.length > 0 && (
            <Button size="sm" variant="primary" busy={building} disabled={!buildable} onClick={() => void build()} data-testid="tracks-build-all">
              Build tracks
            </Button>
          )}
        </div>
        {files && files.length === 0 && (
          <p className="muted small" data-testid="tracks-none">
            This course declares no tracks. Add a <code>"tracks"</code> list to it to build lesson tracks (prompt, pause, target…) from the rendered clips.
          </p>
        )}
        {tracks.map((track) => (
          <div key={track.id} className="track" data-testid={`track-${track.id}`}>
            <div className="track-head small">
              <strong>{track.id}</strong>
              <span className="muted"> · {track.files.length === 1 ? 'one file' : `${track.files.length} files`}</span>
            </div>
            <ul className="track-files">
              {track.files.map((file) => (
                <TrackFileRow key={file.file} file={file} />
              ))}
            </ul>
          </div>
        ))}
      </section>
      <ChapterList />
      <ExportSection />
    </div>
  );
}
