/**
 * Cells show the loudness, true peak and QA flags their files were journaled with: a cached cell gets
 * them when the course is planned, and an unchanged cell keeps its identity (no change event).
 */
import { describe, expect, it } from 'vitest';
import type { RenderJob } from '../../../shared/model/render';
import { planCells, withLevels, type KeyedCell } from '../../../electron/main/core/studio/cell-states';

const job = (phrase: string, key: string): RenderJob => ({ key, phraseId: phrase, variantId: 'target', file: `${phrase}_target.wav` }) as unknown as RenderJob;

describe('cell levels', () => {
  it('puts the journaled levels on cached cells, and keeps a done cell that already has them as it is', () => {
    const jobs = [job('p001', 'k1'), job('p002', 'k2')];
    const finished = {
      byFile: new Map([
        ['p001_target.wav', 'k1'],
        ['p002_target.wav', 'k2'],
      ]),
      keys: new Set(['k1', 'k2']),
      durations: new Map([
        ['k1', 900],
        ['k2', 1200],
      ]),
      levels: new Map([
        ['k1', { loudnessLufs: -18, truePeakDbtp: -2.1, qa: [] }],
        ['k2', { loudnessLufs: -51, truePeakDbtp: -40, qa: ['near-silent' as const] }],
      ]),
    };
    const done = { status: 'done' as const, durationMs: 900, loudnessLufs: -18, truePeakDbtp: -2.1, qa: [] };
    const previous = new Map<string, KeyedCell>([['p001/target', { key: 'k1', cell: done }]]);
    const cells = planCells(jobs, finished, previous, false);
    expect(cells.get('p001/target')!.cell).toBe(done);
    expect(cells.get('p002/target')!.cell).toEqual({ status: 'cached', durationMs: 1200, loudnessLufs: -51, truePeakDbtp: -40, qa: ['near-silent'] });
  });

  it('adds levels only when they differ', () => {
    const cell = { status: 'cached' as const };
    expect(withLevels(cell, undefined)).toBe(cell);
    expect(withLevels(cell, { loudnessLufs: -18, truePeakDbtp: -1.6, qa: ['runaway'] })).toEqual({ status: 'cached', loudnessLufs: -18, truePeakDbtp: -1.6, qa: ['runaway'] });
  });
});
