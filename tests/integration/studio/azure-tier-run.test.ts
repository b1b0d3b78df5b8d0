/**
 * One Azure run setup for the studio and the CLI (issue 9, point 4): the studio's tier setting reaches
 * the run as the CLI's --tier does (a client-side rate limit), and the studio's engine gets the same
 * call timeout (CAS_AZURE_CALL_TIMEOUT_MS), checked against the local server's own turn log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AzureServer } from '../../support/azure-server';
import { startTestStudio, type TestStudio } from '../../support/studio-fixture';
import { TEST_KEY, makeCourse, startServer } from '../azure/azure-harness';

async function until(probe: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = performance.now();
  while (!probe()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the studio builds Azure runs through the CLI run setup', { timeout: 60_000 }, () => {
  let server: AzureServer;
  let studio: TestStudio;

  beforeEach(async () => {
    studio = await startTestStudio();
  });

  afterEach(async () => {
    await studio.close();
    await server.close();
  });

  it('a custom tier of 2 requests/s paces the run (80 %: one turn every 625 ms), where no tier sends them all at once', async () => {
    server = await startServer();
    await studio.service.updateSettings({ engine: 'azure', maxConnections: 4, azure: { host: server.url }, azureTier: { requestsPerSecond: 2 } });
    await studio.service.setKey(TEST_KEY);
    await studio.service.importText('tier.json', JSON.stringify(makeCourse(3, { id: 'tier' }))); // 6 renders
    await studio.service.runs.startRun();
    await until(() => studio.service.runView().state === 'finished', 'the run to finish');

    const starts = server
      .turnLog()
      .map((turn) => turn.receivedAt)
      .sort((a, b) => a - b);
    expect(starts).toHaveLength(6);
    // A burst of one, then 1.6 per second: the sixth turn 5 x 625 ms after the first is sent (the first
    // reaches the server a socket's connect later than it was sent; without a tier all six come within
    // a few hundred ms).
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(4 * 625);
  });

  it('CAS_AZURE_CALL_TIMEOUT_MS bounds a hung call in a studio run: the stalled render is retried, nothing waits for ever', async () => {
    server = await startServer({ faults: { nextTurns: ['stall'] } });
    const previous = process.env.CAS_AZURE_CALL_TIMEOUT_MS;
    process.env.CAS_AZURE_CALL_TIMEOUT_MS = '1000';
    try {
      await studio.service.updateSettings({ engine: 'azure', maxConnections: 2, azure: { host: server.url }, azureTier: null });
      await studio.service.setKey(TEST_KEY);
      await studio.service.importText('stall.json', JSON.stringify(makeCourse(1, { id: 'stall' }))); // 2 renders
      const started = performance.now();
      await studio.service.runs.startRun();
      await until(() => studio.service.runView().state === 'finished', 'the run to finish', 20_000);
      // The default call timeout is 30 s: finishing in well under that means the studio's run used 1 s.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(server.turnLog().filter((turn) => turn.outcome === 'stalled')).toHaveLength(1);
      expect(studio.service.runView().progress.done).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.CAS_AZURE_CALL_TIMEOUT_MS;
      else process.env.CAS_AZURE_CALL_TIMEOUT_MS = previous;
    }
  });
});
