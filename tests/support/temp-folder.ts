/**
 * A temporary folder for tests, created before them and removed (with all it holds) after them: the
 * setup and teardown that test files otherwise each write again.
 *
 *   const temp = useTempFolder('cas-wav-');            // one folder for the file (or the describe) it is called in
 *   const temp = useTempFolderPerTest('settings-');    // a fresh folder for each test
 *   it('...', async () => writeFile(join(temp.dir, 'a.wav'), bytes));
 *
 *   await withTempFolder('journal-', async (dir) => { ... });   // one folder around one piece of a test
 *
 * Call `useTempFolder`/`useTempFolderPerTest` before the file's own hooks: vitest runs before-hooks in the
 * order they were registered and after-hooks in the reverse order, so a later `beforeAll` already sees the
 * folder and a later `afterAll`/`afterEach` (closing what writes there) runs before the folder is removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export interface TempFolder {
  /** The folder's path: read it inside hooks and tests (it does not exist before them). */
  readonly dir: string;
}

const makeTempFolder = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));
const removeTempFolder = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

type Hook = (fn: () => Promise<void>) => void;

function tempFolderAround(prefix: string, before: Hook, after: Hook): TempFolder {
  let dir: string | undefined;
  before(async () => {
    dir = await makeTempFolder(prefix);
  });
  after(async () => {
    if (dir) await removeTempFolder(dir);
  });
  return {
    get dir(): string {
      if (!dir) throw new Error(`temp folder '${prefix}': read its dir inside a hook or a test, not while the file is being collected`);
      return dir;
    },
  };
}

/** One folder for all the tests of the file or `describe` it is called in (beforeAll / afterAll). */
export const useTempFolder = (prefix: string): TempFolder => tempFolderAround(prefix, beforeAll, afterAll);

/** A fresh folder for every test (beforeEach / afterEach). */
export const useTempFolderPerTest = (prefix: string): TempFolder => tempFolderAround(prefix, beforeEach, afterEach);

/** A folder for the length of `use`, removed afterwards even when `use` throws. */
export async function withTempFolder<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeTempFolder(prefix);
  try {
    return await use(dir);
  } finally {
    await removeTempFolder(dir);
  }
}
