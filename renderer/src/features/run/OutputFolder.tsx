import { useState } from 'react';
import { invoke } from '../../lib/api';
import { useCourse } from '../../store/course';
import { useRun } from '../../store/run';
import { useSettings } from '../../store/settings';
import { toastError, toastInfo } from '../../store/toasts';
import { Button } from '../../ui/Button';

/** Where the run's files go (the course's folder inside the output folder), with "Show in folder" in the app. */
export function OutputFolder(): React.JSX.Element | null {
  const runDir = useRun((s) => s.run.outputDir);
  const settingsDir = useSettings((s) => s.settings?.outputDir);
  // The browser bridge has no file manager to open: the path is shown (and selectable) instead.
  const canReveal = useCourse((s) => s.appInfo?.transport === 'electron');
  const [revealing, setRevealing] = useState(false);
  const path = runDir ?? settingsDir;
  if (!path) return null;

  const reveal = async (): Promise<void> => {
    setRevealing(true);
    try {
      const shown = await invoke('shell:showInFolder', {});
      toastInfo('Shown in the folder.', shown.path);
    } catch (error) {
      toastError('show the output folder', error);
    } finally {
      setRevealing(false);
    }
  };

  return (
    <section className="panel-section output-folder" aria-labelledby="output-title">
      <div className="section-head">
        <h3 id="output-title">Files go to</h3>
        {canReveal && (
          <Button variant="ghost" size="sm" icon="folder" onClick={() => void reveal()} busy={revealing} data-testid="run-show-folder">
            Show in folder
          </Button>
        )}
      </div>
      <p className="output-path small" title={path} data-testid="run-output-dir">
        {path}
      </p>
    </section>
  );
}
