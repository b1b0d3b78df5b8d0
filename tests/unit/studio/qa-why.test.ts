import { describe, expect, it } from 'vitest';
import { invokeContract } from '../../../shared/ipc/contract';
import { paddingMsOf, withQaWhy } from '../../../electron/main/core/studio/qa-why';

describe('the why of a QA flag', () => {
  it('adds expected and actual speech to a flagged done or cached cell only, the padding taken off its length', () => {
    // "Buenos días": 11 characters with its space, 70 ms each, at half speed.
    expect(withQaWhy({ status: 'done', durationMs: 500, qa: ['truncated'] }, { text: 'Buenos días', rate: 0.5 }, 350)).toEqual({
      status: 'done',
      durationMs: 500,
      qa: ['truncated'],
      expectedSpeechMs: 1_540,
      speechMs: 150,
    });
    const clean = { status: 'cached' as const, durationMs: 900, qa: [] };
    expect(withQaWhy(clean, { text: 'Hola.', rate: 1 }, 350)).toBe(clean);
    expect(withQaWhy({ status: 'failed', qa: ['runaway'] }, { text: 'Hola.', rate: 1 }, 350)).toEqual({ status: 'failed', qa: ['runaway'] });
  });

  it('drops an earlier render’s why when the new one is not flagged, and keeps the same object when nothing changes', () => {
    expect(withQaWhy({ status: 'done', durationMs: 900, expectedSpeechMs: 1, speechMs: 2 }, { text: 'Hola.', rate: 1 }, 0)).toEqual({ status: 'done', durationMs: 900 });
    const flagged = withQaWhy({ status: 'done', durationMs: 16_350, qa: ['runaway'] }, { text: 'Hola [pause 15s] adiós.', rate: 1 }, 350);
    expect(flagged.speechMs).toBe(16_000);
    expect(withQaWhy(flagged, { text: 'Hola [pause 15s] adiós.', rate: 1 }, 350)).toBe(flagged);
  });

  it('knows the silence a course pads around speech (default 100 + 250 ms, none when off)', () => {
    expect(paddingMsOf({}, {})).toBe(350);
    expect(paddingMsOf({ output: { silence: { leadMs: 0, tailMs: 500 } } } as never, {})).toBe(500);
    expect(paddingMsOf({ output: { silence: false } } as never, {})).toBe(0);
  });

  it('takes a variant’s own silence where it sets one, the course’s for the side it leaves', () => {
    expect(paddingMsOf({}, { silenceMs: { lead: 0, tail: 3_000 } })).toBe(3_000);
    expect(paddingMsOf({}, { silenceMs: { tail: 1_000 } })).toBe(1_100);
    expect(paddingMsOf({ output: { silence: { leadMs: 50, tailMs: 500 } } } as never, { silenceMs: { lead: 400 } })).toBe(900);
    // Silence shaping off: the master keeps what it was synthesized with, nothing is padded.
    expect(paddingMsOf({ output: { silence: false } } as never, { silenceMs: { lead: 400 } })).toBe(0);
  });
});

describe('the track playback contract', () => {
  it('takes only files under tracks/ or exports/ for audio and reveal', () => {
    expect(invokeContract['tracks:audio'].input.safeParse({ file: 'tracks/drill/L1.wav' }).success).toBe(true);
    expect(invokeContract['tracks:audio'].input.safeParse({ file: 'manifest.json' }).success).toBe(false);
    expect(invokeContract['deliverables:reveal'].input.safeParse({ file: '/etc/passwd' }).success).toBe(false);
    expect(invokeContract['deliverables:reveal'].input.safeParse({ file: 'exports/c.apkg', extra: 1 }).success).toBe(false);
  });
});
