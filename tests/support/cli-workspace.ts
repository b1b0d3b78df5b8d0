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
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface CliWorkspace {
  /** This test's own temporary folder. */
  readonly dir: string;
  /** Writes the course as `course.json` (pretty-printed, so places in messages are stable) and returns its path. */
  writeCourse(course: object, name?: string): Promise<string>;
  /** Closes the server after this test (before the folder is removed); returns it. */
  closeAfter<S extends { close(): Promise<void> }>(server: S): S;
}

export function useCliWorkspace(prefix: string): CliWorkspace {
  let dir: string | undefined;
  let servers: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });

  afterEach(async () => {
    const closing = servers;
    servers = [];
    for (const server of closing) await server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const folder = (): string => {
    if (!dir) throw new Error('useCliWorkspace: no folder outside a test (call it inside describe or at the top of the file)');
    return dir;
  };
  return {
    get dir() {
      return folder();
    },
    async writeCourse(course, name = 'course.json') {
      const file = join(folder(), name);
      await writeFile(file, JSON.stringify(course, null, 2));
      return file;
    },
    closeAfter(server) {
      servers.push(server);
      return server;
    },
  };
}
