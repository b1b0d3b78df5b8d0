import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Tells when a course file may have changed on disk, debounced. Watches the file's folder, not the
 * file: editors save by writing a temp file and renaming it over the original (a new inode a file
 * watch would lose), and several events arrive per save. The listener checks the content itself
 * (by hash), so a spurious event costs one read.
 */
export class CourseFileWatcher {
  private readonly watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    file: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 150,
    onError: (error: Error) => void = () => undefined,
  ) {
    const name = basename(file);
    try {
      this.watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        // Some platforms give no name: then any change in the folder is worth a look.
        if (!changed || changed.toString() === name) this.schedule();
      });
      this.watcher.on('error', onError);
    } catch (error) {
      onError(error as Error); // an unwatchable folder: the save guard still protects the file
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.closed) this.onChange();
    }, this.debounceMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
