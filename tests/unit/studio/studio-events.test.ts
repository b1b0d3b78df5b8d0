/**
 * The studio's coalesced events keep their truths in order: a run view never reaches the page before
 * the cell changes it counts (the page once showed "finished" while the run's last cells still said
 * "running", until the cells' own trailing flush).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolGauges, RenderCell, RunView } from '../../../shared/ipc/contract';
import type { EventSink } from '../../../electron/main/core/ipc/event-sink';
import { StudioEvents } from '../../../electron/main/core/studio/studio-events';

const cell = (status: string): RenderCell => ({ status }) as unknown as RenderCell;

let events: StudioEvents | undefined;
afterEach(() => events?.close());

describe('StudioEvents', () => {
  it('sends the pending cell changes before a run change, so the run never gets ahead of its cells', () => {
    const sent: Array<{ event: string; payload: unknown }> = [];
    const sink: EventSink = { emit: (event, payload) => void sent.push({ event, payload }) };
    let runState = 'running';
    events = new StudioEvents(sink, { run: 10_000, cells: 10_000, pool: 10_000 }, { run: () => ({ state: runState }) as unknown as RunView, pool: () => ({}) as PoolGauges });
    events.cellChanged('p001-known', cell('done')); // the first change after quiet goes out at once
    events.cellChanged('p001-target', cell('running'));
    events.cellChanged('p001-target', cell('done')); // pending: the cells' trailing flush is 10 s away
    runState = 'finished';
    events.runChanged();
    expect(sent.map(({ event }) => event)).toEqual(['cells:changed', 'cells:changed', 'run:changed']);
    expect(sent[1]!.payload).toEqual({ cells: { 'p001-target': cell('done') } });
    expect(sent[2]!.payload).toEqual({ state: 'finished' });
  });
});
