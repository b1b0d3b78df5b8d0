import { afterEach, describe, expect, it } from 'vitest';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CourseFileWatcher } from '../../../electron/main/core/studio/course-file-watcher';
import { useTempFolderPerTest } from '../../support/temp-folder';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('CourseFileWatcher (real files)', () => {
  const temp = useTempFolderPerTest('watcher-');
  let watcher: CourseFileWatcher | undefined;
  afterEach(() => {
    watcher?.close();
  });

  it('sees an editor-style save (temp file renamed over the course) and a burst of writes as one change', async () => {
    const dir = temp.dir;
    const file = join(dir, 'course.json');
    await writeFile(file, '{}');
    let changes = 0;
    watcher = new CourseFileWatcher(file, () => changes++, 100);
    await writeFile(join(dir, '.course.json.tmp'), '{"a": 1}');
    await rename(join(dir, '.course.json.tmp'), file);
    await until(() => changes === 1);
    // The renamed file is a new inode: still seen, because the folder is watched.
    for (let i = 0; i < 5; i++) await writeFile(file, `{"b": ${i}}`);
    await until(() => changes === 2);
    await sleep(300);
    expect(changes).toBe(2);
  });

  it('ignores other files in the folder, and nothing arrives after close', async () => {
    const dir = temp.dir;
    const file = join(dir, 'course.json');
    await writeFile(file, '{}');
    let changes = 0;
    watcher = new CourseFileWatcher(file, () => changes++, 50);
    await writeFile(join(dir, 'other.json'), '{}');
    await sleep(250);
    expect(changes).toBe(0);
    await writeFile(file, '{"x": 1}');
    watcher.close();
    await sleep(250);
    expect(changes).toBe(0);
  });
});
