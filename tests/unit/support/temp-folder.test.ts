import { stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempFolder, useTempFolderPerTest, withTempFolder } from '../../support/temp-folder';

const isFolder = async (dir: string): Promise<boolean> => (await stat(dir)).isDirectory();
const gone = (dir: string): Promise<unknown> => expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });

describe('useTempFolder: one folder for the tests of the describe it is called in', () => {
  const seen: string[] = [];

  describe('its tests', () => {
    const temp = useTempFolder('cas-temp-folder-');
    const readEarly = ((): string => {
      try {
        return temp.dir;
      } catch (error) {
        return (error as Error).message;
      }
    })();

    it('is not there while the file is collected, and says so', () => {
      expect(readEarly).toMatch(/^temp folder 'cas-temp-folder-': read its dir inside a hook or a test/);
    });

    it('exists in the first test, under the system temp folder, named by its prefix', async () => {
      expect(await isFolder(temp.dir)).toBe(true);
      expect(dirname(temp.dir)).toBe(tmpdir());
      expect(basename(temp.dir)).toMatch(/^cas-temp-folder-.{6}$/);
      await writeFile(join(temp.dir, 'kept.txt'), 'x');
      seen.push(temp.dir);
    });

    it('is the same folder in the next test, with what the first one wrote', async () => {
      expect(await readdir(temp.dir)).toEqual(['kept.txt']);
      seen.push(temp.dir);
    });
  });

  afterAll(async () => {
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    await gone(seen[0]!);
  });
});

describe('useTempFolderPerTest: a fresh folder for every test, removed after it', () => {
  const temp = useTempFolderPerTest('cas-temp-folder-each-');
  const seen: string[] = [];

  it('gives the first test an empty folder of its own', async () => {
    expect(await readdir(temp.dir)).toEqual([]);
    await writeFile(join(temp.dir, 'left.txt'), 'x');
    seen.push(temp.dir);
  });

  it('gives the next test another empty one; the first one is already gone', async () => {
    expect(temp.dir).not.toBe(seen[0]);
    expect(await readdir(temp.dir)).toEqual([]);
    await gone(seen[0]!);
    seen.push(temp.dir);
  });

  afterAll(async () => {
    expect(seen).toHaveLength(2);
    await gone(seen[1]!);
  });
});

describe('withTempFolder: a folder for the length of one call', () => {
  it('hands over what the call returns, then removes the folder', async () => {
    let used = '';
    const result = await withTempFolder('cas-temp-folder-with-', async (dir) => {
      used = dir;
      await writeFile(join(dir, 'a.txt'), 'x');
      return readdir(dir);
    });
    expect(result).toEqual(['a.txt']);
    await gone(used);
  });

  it('removes the folder when the call throws, and passes the error on', async () => {
    let used = '';
    const failing = withTempFolder('cas-temp-folder-with-', async (dir) => {
      used = dir;
      throw new Error('the test failed here');
    });
    await expect(failing).rejects.toThrow('the test failed here');
    await gone(used);
  });
});
