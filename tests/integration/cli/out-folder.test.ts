import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PATH_BYTES, outFolderProblem } from '../../../electron/cli/out-folder';

/** `--out` checks on the real file system (the CLI's exit 2 is covered by the hostile corpus). */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cas-out-folder-'));
  await writeFile(join(dir, 'file.txt'), 'x');
  await mkdir(join(dir, 'existing'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the --out folder', () => {
  it('may exist as a folder or not exist yet', async () => {
    expect(await outFolderProblem(join(dir, 'existing'))).toBeUndefined();
    expect(await outFolderProblem(join(dir, 'new', 'deeper'))).toBeUndefined();
  });

  it('may not be a file, nor lie under one (no raw ENOTDIR)', async () => {
    expect(await outFolderProblem(join(dir, 'file.txt'))).toBe(`--out ${join(dir, 'file.txt')} is a file, not a folder; pass a folder (it is created if missing)`);
    const under = join(dir, 'file.txt', 'a', 'b');
    expect(await outFolderProblem(under)).toBe(`--out ${under} is inside ${join(dir, 'file.txt')}, which is a file, not a folder; pass a folder path`);
  });

  it('refuses a folder where the longest output path would pass the system limit', async () => {
    const longest = `${'x'.repeat(200)}/`.repeat(Math.ceil(MAX_PATH_BYTES / 201)) + 'p001_known.wav';
    expect(await outFolderProblem(join(dir, 'existing'), longest)).toMatch(/would be \d+ bytes \(at most 4095\); use a shorter folder or naming template$/);
    expect(await outFolderProblem(join(dir, 'existing'), 'lesson/p001_known.wav')).toBeUndefined();
  });
});
