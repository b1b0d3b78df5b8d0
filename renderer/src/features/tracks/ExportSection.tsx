import { useCourse } from '../../store/course';
import { useRun } from '../../store/run';
import { useTracks } from '../../store/tracks';
import { Button } from '../../ui/Button';

/** "Export Anki deck": the .apkg and the .csv, where they went, and "Show in folder" in the app. */
export function ExportSection(): React.JSX.Element {
  const exporting = useTracks((s) => s.exporting);
  const exportAnki = useTracks((s) => s.exportAnki);
  const reveal = useTracks((s) => s.reveal);
  const result = useTracks((s) => s.lastExport);
  // The browser bridge has no file manager: the paths are shown (and selectable) instead.
  const canReveal = useCourse((s) => s.appInfo?.transport === 'electron');
  const outDir = useRun((s) => s.run.outputDir);
  return (
    <section className="panel-section" aria-labelledby="export-title">
      <div className="section-head">
        <h3 id="export-title">Export</h3>
        <Button size="sm" variant="secondary" icon="upload" busy={exporting} onClick={() => void exportAnki()} data-testid="export-anki">
          Export Anki deck
        </Button>
      </div>
      <p className="muted small">An Anki package (.apkg, audio included) and a CSV for Anki’s import, from the rendered files.</p>
      {result && (
        <div className="export-result" data-testid="export-result" data-notes={result.notes}>
          <p className="small">
            {result.notes} notes, {result.media} audio files:
          </p>
          {result.files.map((file, i) => {
            const path = outDir ? joinPath(outDir, file) : file;
            return (
              <div key={file} className="export-file">
                <span className="output-path small" title={path} data-testid={`export-path-${i}`}>
                  {path}
                </span>
                {canReveal && (
                  <Button size="sm" variant="ghost" icon="folder" onClick={() => void reveal(file)} data-testid={`export-show-${i}`}>
                    Show in folder
                  </Button>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

/** The course's output folder (main's, with its own separators) and a file relative to it. */
export const joinPath = (dir: string, file: string): string => {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${separator}${file.split('/').join(separator)}`;
};
