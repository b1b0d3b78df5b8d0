import { describe, expect, it, vi } from 'vitest';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from '../../../electron/main/core/engines/speech-engine';
import { planCells, withDuration, type FinishedRenders } from '../../../electron/main/core/studio/cell-states';
import { reportingDurations } from '../../../electron/main/core/studio/render-durations';
import type { RenderJob } from '../../../shared/model/render';

const REQUEST: SynthesisRequest = { ssml: '<speak/>', text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1, locale: 'es-ES', format: 'wav' };

class FakeSynthesizer implements Synthesizer {
  #closed = false; // a private field: the wrapper must call through to the real object
  async synthesize(request: SynthesisRequest): Promise<SynthesizedAudio> {
    if (request.text === 'fail') throw new Error('boom');
    return { bytes: new Uint8Array(4), format: request.format, sampleRate: 22_050, durationMs: 1234.4 };
  }
  isUsable(): boolean {
    return !this.#closed;
  }
  async close(): Promise<void> {
    this.#closed = true;
  }
}

class FakeEngine implements SpeechEngine {
  readonly name = 'offline' as const;
  #created = 0;
  async createSynthesizer(): Promise<Synthesizer> {
    this.#created++;
    return new FakeSynthesizer();
  }
  async unsupportedVoices(): Promise<[]> {
    return [];
  }
  get created(): number {
    return this.#created;
  }
  async close(): Promise<void> {}
}

describe('reportingDurations', () => {
  it('reports each finished synthesis and is otherwise the engine itself', async () => {
    const onAudio = vi.fn();
    const inner = new FakeEngine();
    const engine = reportingDurations(inner, onAudio);
    expect(engine.name).toBe('offline');
    expect('unsupportedVoices' in engine).toBe(true);
    await expect(engine.unsupportedVoices!([])).resolves.toEqual([]);
    const synthesizer = await engine.createSynthesizer();
    expect(inner.created).toBe(1);
    const audio = await synthesizer.synthesize(REQUEST);
    expect(audio.durationMs).toBe(1234.4);
    expect(onAudio).toHaveBeenCalledWith(REQUEST, audio);
    await expect(synthesizer.synthesize({ ...REQUEST, text: 'fail' })).rejects.toThrow('boom');
    expect(onAudio).toHaveBeenCalledTimes(1);
    expect(synthesizer.isUsable()).toBe(true);
    await synthesizer.close();
    expect(synthesizer.isUsable()).toBe(false);
    await engine.close();
  });
});

describe('planCells: durations of what is on disk', () => {
  const job = (phraseId: string, key: string): RenderJob =>
    ({ key, phraseId, variantId: 'target', file: `${phraseId}_target.wav` }) as RenderJob;
  const finished: FinishedRenders = { byFile: new Map([['p001_target.wav', 'k1']]), keys: new Set(['k1']), durations: new Map([['k1', 1400]]) };

  it('gives cached cells the journal duration; pending ones none', () => {
    const cells = planCells([job('p001', 'k1'), job('p002', 'k2')], finished, new Map(), false);
    expect(cells.get('p001/target')?.cell).toEqual({ status: 'cached', durationMs: 1400 });
    expect(cells.get('p002/target')?.cell).toEqual({ status: 'pending' });
  });

  it('keeps a done cell done, with the duration', () => {
    const previous = new Map([['p001/target', { key: 'k1', cell: { status: 'done' as const, attempt: 1 } }]]);
    expect(planCells([job('p001', 'k1')], finished, previous, true).get('p001/target')?.cell).toEqual({ status: 'done', attempt: 1, durationMs: 1400 });
  });

  it('withDuration leaves the cell as it is when there is nothing new', () => {
    const cell = { status: 'done' as const, durationMs: 5 };
    expect(withDuration(cell, undefined)).toBe(cell);
    expect(withDuration(cell, 5)).toBe(cell);
    expect(withDuration(cell, 6)).toEqual({ status: 'done', durationMs: 6 });
  });
});
