import { describe, expect, it } from 'vitest';
import { isSafeOutputPath } from '../../../electron/main/core/run/safe-path';

describe('isSafeOutputPath', () => {
  it('accepts plain relative paths inside the folder, subfolders included', () => {
    for (const file of ['p001_known.wav', 'lesson 1/p001.mp3', 'a/b/c.wav', '.hidden.wav']) expect(isSafeOutputPath('/out', file), file).toBe(true);
  });
  it('rejects anything that could reach outside or into our state folder', () => {
    for (const file of [
      '../secret.txt',
      '/etc/passwd',
      'a/../../x.wav',
      'a/./b.wav',
      'a//b.wav',
      'C:\\x.wav',
      'a\\..\\b.wav',
      '',
      'x\0.wav',
      '.course-audio-studio/journal.jsonl',
      '..',
    ]) {
      expect(isSafeOutputPath('/out', file), JSON.stringify(file)).toBe(false);
    }
  });
});
