/**
 * A host that accepts TCP and never answers the WebSocket upgrade (issue 9): each create times out
 * and its socket is destroyed for real (the SDK's ws client would stay CONNECTING), so the process
 * never holds more sockets to the host than --max-connections, counted by the OS (/proc/net/tcp);
 * and the run gives up at its deadline with stopReason 'unreachable', every render pending.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/main/core/engines/create-engine';
import { setUpRun } from '../../../electron/main/core/run/run-setup';
import { startSilentServer } from '../../support/azure-server';
import { TEST_KEY, makeCourse } from './azure-harness';
import { clientSocketsTo } from './os-sockets';

const MAX_CONNECTIONS = 4;
const GIVE_UP_MS = 4_000;

describe('a silent server (accepts TCP, never upgrades)', () => {
  it('never more sockets than --max-connections (OS count), gives up at the deadline, nothing left open', async () => {
    const server = await startSilentServer();
    const outDir = await mkdtemp(join(tmpdir(), 'cas-azure-silent-'));
    const course = makeCourse(6);
    const setup = await setUpRun({
      course,
      outDir,
      engine: 'azure',
      format: 'wav',
      maxConnections: MAX_CONNECTIONS,
      giveUpAfterMs: GIVE_UP_MS,
      env: { CAS_AZURE_CALL_TIMEOUT_MS: '1500', CAS_AZURE_CONNECT_TIMEOUT_MS: '300' },
      createEngine: (tuning) => createEngine({ engine: 'azure', azure: { key: TEST_KEY, host: server.url }, azureTuning: { ...tuning, format: 'wav' } }),
    });
    try {
      let peakOs = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakOs = Math.max(peakOs, clientSocketsTo(server.port));
          await sleep(20);
        }
      })();
      const started = performance.now();
      const summary = await setup.run.run();
      const wallMs = performance.now() - started;
      sampling = false;
      await sampler;

      expect(summary).toMatchObject({ state: 'stopped', stopReason: 'unreachable', rendered: 0, failed: 0, pending: 12 });
      expect(summary.stopMessage).toContain(`Cannot reach ${server.url}`);
      expect(wallMs).toBeGreaterThanOrEqual(GIVE_UP_MS - 50);
      expect(wallMs).toBeLessThan(GIVE_UP_MS + 3_000);
      // Creates kept timing out for 4 s (about 13 rounds of 300 ms): without terminating the CONNECTING
      // sockets, the process held one more each time (issue 9: 9 -> 14 for --max-connections 8).
      expect(server.accepted).toBeGreaterThan(MAX_CONNECTIONS);
      expect(peakOs).toBeGreaterThan(0);
      expect(peakOs).toBeLessThanOrEqual(MAX_CONNECTIONS);
      expect(server.peakOpen).toBeLessThanOrEqual(MAX_CONNECTIONS);

      await setup.pool.close();
      for (let i = 0; i < 50 && clientSocketsTo(server.port) > 0; i++) await sleep(20);
      expect(clientSocketsTo(server.port)).toBe(0);
      console.info(`silent server: gave up after ${Math.round(wallMs)} ms; ${server.accepted} TCP connections in all, at most ${peakOs} at once (OS), ${server.peakOpen} (server)`);
    } finally {
      await setup.pool.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    }
  }, 20_000);
});
