import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleInterrupts, type InterruptSignal, type SignalTarget } from '../../../electron/main/core/interrupts';

/** An EventEmitter stands in for `process`, and a hand-moved clock for time. */
function setup() {
  const target = new EventEmitter();
  let clock = 0;
  const calls: string[] = [];
  const handle = handleInterrupts({
    target: target as unknown as SignalTarget,
    now: () => clock,
    onInterrupt: (signal) => calls.push(`interrupt ${signal}`),
    onRepeat: (signal, since) => calls.push(`repeat ${signal} +${since}`),
    onForce: (signal) => calls.push(`force ${signal}`),
  });
  const send = (signal: InterruptSignal, at: number): void => {
    clock = at;
    target.emit(signal, signal);
  };
  return { target, handle, calls, send };
}

describe('handleInterrupts', () => {
  it('counts signals within a second of the first as that one; a signal a second later forces', () => {
    const { handle, calls, send } = setup();
    expect(handle.interrupted).toBe(false);
    send('SIGINT', 100);
    send('SIGINT', 103);
    send('SIGTERM', 1_099);
    expect(handle.interrupted).toBe(true);
    expect(calls).toEqual(['interrupt SIGINT', 'repeat SIGINT +3', 'repeat SIGTERM +999']);
    send('SIGINT', 1_100);
    expect(calls.at(-1)).toBe('force SIGINT');
  });

  it('removes other listeners of SIGINT/SIGTERM, present and added later, so only the graceful path runs', async () => {
    const target = new EventEmitter();
    const foreign: string[] = [];
    target.on('SIGINT', () => foreign.push('early'));
    const ours: string[] = [];
    const handle = handleInterrupts({ target: target as unknown as SignalTarget, onInterrupt: (signal) => ours.push(signal), onForce: () => undefined });
    target.on('SIGTERM', () => foreign.push('late'));
    await new Promise((r) => setImmediate(r));
    expect(target.listenerCount('SIGINT')).toBe(1);
    expect(target.listenerCount('SIGTERM')).toBe(1);
    target.emit('SIGINT', 'SIGINT');
    target.emit('SIGTERM', 'SIGTERM');
    expect(foreign).toEqual([]);
    expect(ours).toEqual(['SIGINT']);
    handle.dispose();
    expect(target.listenerCount('SIGINT')).toBe(0);
    expect(target.listenerCount('newListener')).toBe(0);
  });
});
