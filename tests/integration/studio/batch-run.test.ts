/**
 * "Send to Azure batch", main side: the StudioService against the local batch server (real HTTP, real
 * files). The estimate offers it with both ways; a run shows its jobs in the run:changed events as they
 * are submitted, polled and delivered; unknown voices and styles are refused before anything is
 * submitted; with the offline engine it is refused with what to change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../shared/ipc/contract';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { startBatchServer, type BatchServer } from '../../support/azure-batch-server';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';
import { makeCourse } from '../azure/azure-harness';

const KEY = 'studio-batch-key';
let server: BatchServer;
let studio: TestStudio;
let service: StudioService;
let events: MemorySink;

beforeEach(async () => {
  server = await startBatchServer({ key: KEY, seed: 5, queueMs: 200, jobBaseMs: 800, perInputMs: 5 });
  events = new MemorySink();
  studio = await startTestStudio({
    events,
    transport: 'bridge',
    settings: { engine: 'azure', azure: { host: server.url }, batchThresholdRenders: 10 },
    key: KEY,
  });
  ({ service } = studio);
});

afterEach(async () => {
  await studio.close();
  await server.close();
});

describe('Send to Azure batch (StudioService)', { timeout: 120_000 }, () => {
  it('is offered from the threshold, with both estimates at the same cost', async () => {
    await service.importText('small.json', JSON.stringify(makeCourse(4, { id: 'small' }))); // 8 renders
    expect((await service.estimateWithWaitingJobs()).batch).toMatchObject({ offered: false, thresholdRenders: 10, jobs: 1 });
    await service.importText('big.json', JSON.stringify(makeCourse(6, { id: 'big' }))); // 12 renders
    const estimate = await service.estimateWithWaitingJobs();
    expect(estimate.batch).toMatchObject({ offered: true, jobs: 1, costUsd: estimate.costUsd });
    expect(estimate.batch!.lowMs).toBeLessThan(estimate.batch!.highMs);
  });

  it('runs the course as a batch job, its job live in the coalesced run:changed events until delivered', async () => {
    await service.importText('c.json', JSON.stringify(makeCourse(6, { id: 'c' })));
    const started = await service.runs.startRun({ batch: true });
    expect(started.batch?.endpoint).toBe(server.url);
    await until(() => service.runView().state === 'finished', { what: 'the batch run to finish', timeoutMs: 90_000 });
    await until(() => events.of('run:changed').some((view) => view.batch?.jobs[0]?.delivered === true), { what: 'the delivered job in an event', timeoutMs: 90_000 });
    const jobViews = events
      .of('run:changed')
      .flatMap((view: RunView) => view.batch?.jobs ?? [])
      .map((job) => job.status);
    // Seen as the service reported it, not only at the end: submitted and polled before it was delivered.
    expect(jobViews).toContain('NotStarted');
    expect(jobViews.some((status) => status === 'Running' || status === 'NotStarted')).toBe(true);
    // Between polls the next one is announced.
    expect(events.of('run:changed').some((view) => (view.batch?.jobs[0]?.nextPollAtMs ?? 0) > (view.batch?.jobs[0]?.lastPolledAtMs ?? 0))).toBe(true);
    const final = service.runView();
    expect(final.progress).toMatchObject({ total: 12, done: 12, failed: 0 });
    expect(final.batch!.jobs).toEqual([expect.objectContaining({ renders: 12, status: 'Succeeded', delivered: true, resumed: false })]);
    expect(final.batch!.jobs[0]!.submittedAtMs).toBeGreaterThan(0);
    expect(final.batch!.jobs[0]!.lastPolledAtMs).toBeGreaterThanOrEqual(final.batch!.jobs[0]!.submittedAtMs!);
    expect(server.counters()).toMatchObject({ creates: 1, inputsSynthesized: 12 });
  });

  it('unknown voices and styles are refused before anything is submitted', async () => {
    await service.importText('v.json', JSON.stringify(makeCourse(6, { id: 'v', voice: 'es-ES-NobodyNeural' })));
    await expect(service.runs.startRun({ batch: true })).rejects.toThrow(/voice "es-ES-NobodyNeural".*not a voice of this Azure Speech resource/);
    const styled = makeCourse(6, { id: 's' });
    await service.importText('s.json', JSON.stringify({ ...styled, variants: styled.variants.map((v) => ({ ...v, style: 'not-a-style' })) }));
    await expect(service.runs.startRun({ batch: true })).rejects.toThrow(/not-a-style/);
    expect(server.counters().creates).toBe(0);
  });

  it('with the offline engine it says what to change', async () => {
    await service.updateSettings({ engine: 'offline' });
    await service.importText('o.json', JSON.stringify(makeCourse(6, { id: 'o' })));
    await expect(service.runs.startRun({ batch: true })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/needs the Azure engine/) });
  });
});
