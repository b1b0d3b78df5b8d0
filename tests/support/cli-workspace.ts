/**
 * What a test of the real CLI against a local server sets up each time: a fresh temporary folder per
 * test, a course file written into it, and the server closed (and the folder removed) after the test.
 *
 *   const work = useCliWorkspace('cas-azure-cli-');
 *   it('...', async () => {
 *     const server = work.closeAfter(await startServer());
 *     const course = await work.writeCourse(makeCourse(12));
 *     await runGenerate([course, '--out', join(work.dir, 'out')]);
 *   });
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { useTempFolderPerTest, type TempFolder } from './temp-folder';

export interface CliWorkspace extends TempFolder {
  /** Writes the course as `course.json` (pretty-printed, so places in messages are stable) and returns its path. */
  writeCourse(course: object, name?: string): Promise<string>;
  /** Closes the server after this test (before the folder is removed); returns it. */
  closeAfter<S extends { close(): Promise<void> }>(server: S): S;
}

export function useCliWorkspace(prefix: string): CliWorkspace {
  const folder = useTempFolderPerTest(prefix);
  let servers: Array<{ close(): Promise<void> }> = [];

  // Registered after the folder's hooks, so it runs before the folder is removed (after-hooks run in reverse).
  afterEach(async () => {
    const closing = servers;
    servers = [];
    for (const server of closing) await server.close();
  });

  return {
    get dir() {
      return folder.dir;
    },
    async writeCourse(course, name = 'course.json') {
      const file = join(folder.dir, name);
      await writeFile(file, JSON.stringify(course, null, 2));
      return file;
    },
    closeAfter(server) {
      servers.push(server);
      return server;
    },
  };
}
