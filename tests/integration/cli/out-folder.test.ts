import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_PATH_BYTES, outFolderProblem } from '../../../electron/cli/out-folder';
import { useTempFolder } from '../../support/temp-folder';

/** `--out` checks on the real file system (the CLI's exit 2 is covered by the hostile corpus). */
const temp = useTempFolder('cas-out-folder-');
beforeAll(async () => {
  await writeFile(join(temp.dir, 'file.txt'), 'x');
  await mkdir(join(temp.dir, 'existing'));
});

describe('the --out folder', () => {
  it('may exist as a folder or not exist yet', async () => {
    expect(await outFolderProblem(join(temp.dir, 'existing'))).toBeUndefined();
    expect(await outFolderProblem(join(temp.dir, 'new', 'deeper'))).toBeUndefined();
  });

  it('may not be a file, nor lie under one (no raw ENOTDIR)', async () => {
    expect(await outFolderProblem(join(temp.dir, 'file.txt'))).toBe(`--out ${join(temp.dir, 'file.txt')} is a file, not a folder; pass a folder (it is created if missing)`);
    const under = join(temp.dir, 'file.txt', 'a', 'b');
    expect(await outFolderProblem(under)).toBe(`--out ${under} is inside ${join(temp.dir, 'file.txt')}, which is a file, not a folder; pass a folder path`);
  });

  it("may not lie inside another output folder's state folder (its masters and journal)", async () => {
    const inside = join(temp.dir, 'existing', '.course-audio-studio', 'masters');
    expect(await outFolderProblem(inside)).toBe(
      `--out ${inside} is inside ${join(temp.dir, 'existing', '.course-audio-studio')}, the state folder of another output folder; pass that output folder itself or another folder`,
    );
  });

  it('refuses a folder where the longest output path would pass the system limit', async () => {
    const longest = `${'x'.repeat(200)}/`.repeat(Math.ceil(MAX_PATH_BYTES / 201)) + 'p001_known.wav';
    expect(await outFolderProblem(join(temp.dir, 'existing'), longest)).toMatch(/would be \d+ bytes \(at most 4095\); use a shorter folder or naming template$/);
    expect(await outFolderProblem(join(temp.dir, 'existing'), 'lesson/p001_known.wav')).toBeUndefined();
  });
});
