/**
 * The studio's coalesced events keep their truths in order: a run's end never reaches the page before
 * the cell changes it counts (the page once showed "finished" while the run's last cells still said
 * "running", until the cells' own trailing flush), and each channel keeps its own spacing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolGauges, RenderCell, RunView } from '../../../shared/ipc/contract';
import type { EventSink } from '../../../electron/main/core/ipc/event-sink';
import { StudioEvents } from '../../../electron/main/core/studio/studio-events';

const cell = (status: string): RenderCell => ({ status }) as unknown as RenderCell;
const INTERVAL_MS = 60;

let events: StudioEvents | undefined;
afterEach(() => events?.close());

function recorder() {
  const sent: Array<{ event: string; payload: unknown; atMs: number }> = [];
  const sink: EventSink = { emit: (event, payload) => void sent.push({ event, payload, atMs: performance.now() }) };
  const run = { state: 'running' };
  events = new StudioEvents(sink, { run: INTERVAL_MS, cells: INTERVAL_MS, pool: INTERVAL_MS }, { run: () => ({ ...run }) as unknown as RunView, pool: () => ({}) as PoolGauges });
  return { sent, run, events };
}

describe('StudioEvents', () => {
  it("sends a run's end after the cell changes still pending, each channel keeping its spacing", async () => {
    const { sent, run, events } = recorder();
    events.cellChanged('p001-known', cell('done')); // the first change after quiet goes out at once
    events.cellChanged('p001-target', cell('running'));
    events.cellChanged('p001-target', cell('done')); // pending: the cells' trailing flush
    run.state = 'finished';
    events.runChanged();
    expect(sent.map(({ event }) => event)).toEqual(['cells:changed']); // the end waits for the last cells
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    expect(sent.map(({ event }) => event)).toEqual(['cells:changed', 'cells:changed', 'run:changed']);
    expect(sent[1]!.payload).toEqual({ cells: { 'p001-target': cell('done') } });
    expect(sent[2]!.payload).toEqual({ state: 'finished' });
    expect(sent[1]!.atMs - sent[0]!.atMs).toBeGreaterThanOrEqual(INTERVAL_MS - 5);
  });

  it('does not hold back a run change while the run goes on', () => {
    const { sent, events } = recorder();
    events.cellChanged('p001-known', cell('running'));
    events.cellChanged('p001-known', cell('done')); // pending
    events.runChanged();
    expect(sent.map(({ event }) => event)).toEqual(['cells:changed', 'run:changed']);
  });
});
