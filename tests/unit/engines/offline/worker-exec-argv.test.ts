import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../../../electron/main/core/engines/offline/worker-exec-argv';

describe('workerExecArgv', () => {
  it('drops module loaders and preloads, in both the spaced and the = form', () => {
    expect(workerExecArgv(['--import', 'tsx', '--require=./setup.cjs', '-r', 'ts-node/register', '--loader', 'x.mjs', '--experimental-loader=y.mjs'])).toEqual([]);
  });

  it('keeps every other option, in order', () => {
    expect(workerExecArgv(['--max-old-space-size=2048', '--import', 'tsx', '--inspect', '--enable-source-maps'])).toEqual([
      '--max-old-space-size=2048',
      '--inspect',
      '--enable-source-maps',
    ]);
  });

  it('does not take an option that merely starts like a loader option', () => {
    expect(workerExecArgv(['--importer-flag', '--required'])).toEqual(['--importer-flag', '--required']);
  });
});
