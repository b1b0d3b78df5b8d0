import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../../renderer/src/lib/api';
import { splitMessage } from '../../../renderer/src/lib/messageParts';
import { toastError, useToasts } from '../../../renderer/src/store/toasts';
import { resetStores } from './fake-window';

const UNKNOWN_VOICES = [
  'These voices are not available, so the course cannot speak:',
  '  - target: es-ES-NoSuchNeural (line 7)',
  '  - known: en-US-AlsoMissingNeural (line 8)',
  'Pick voices in the Audition tab, or fix the course file.',
].join('\n');

describe('error messages reach the producer whole', () => {
  beforeEach(() => {
    resetStores();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps every line of main’s message, without stack frames', () => {
    const error = Object.assign(new Error(`${UNKNOWN_VOICES}\n    at check (/app/main.js:10:5)\n    at run (node:internal/x:1:2)`), { code: 'engine-unavailable' });
    expect(describeError(error)).toBe(UNKNOWN_VOICES);
  });

  it('still hides a programmer’s message behind the plain fallback', () => {
    expect(describeError(Object.assign(new Error("Cannot read properties of undefined (reading 'x')"), { code: 'internal' }))).toMatch(/Something went wrong/);
  });

  it('splits a long message into a summary and details, losing nothing', () => {
    const { summary, rest } = splitMessage(UNKNOWN_VOICES);
    expect(summary).toBe('These voices are not available, so the course cannot speak:');
    expect(rest).toContain('es-ES-NoSuchNeural');
    expect(rest).toContain('Pick voices');
    const long = 'word '.repeat(80).trim();
    const parts = splitMessage(long);
    expect(parts.summary.endsWith('…')).toBe(true);
    expect(`${parts.summary.replace(/ …$/, '')} ${parts.rest}`).toBe(long);
    expect(splitMessage('Short.')).toEqual({ summary: 'Short.', rest: '' });
  });

  it('keeps a long error on screen until dismissed; a short one goes by itself', () => {
    toastError('start generating', Object.assign(new Error(UNKNOWN_VOICES), { code: 'engine-unavailable' }));
    toastError('save the settings', Object.assign(new Error('The folder is read-only.'), { code: 'invalid-input' }));
    expect(useToasts.getState().toasts).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    const left = useToasts.getState().toasts;
    expect(left).toHaveLength(1);
    expect(left[0]!.detail).toBe(UNKNOWN_VOICES);
  });
});
