import { describe, expect, it } from 'vitest';
import { RecentMasters } from '../../../electron/main/core/run/recent-masters';

const bytes = (length: number, fill: number): Uint8Array<ArrayBuffer> => new Uint8Array(length).fill(fill);
/** Moves the buffer away (as postMessage to a derive worker does): the view reads as 0 bytes after. */
const moveAway = (view: Uint8Array<ArrayBuffer>): void => void structuredClone(view.buffer, { transfer: [view.buffer] });

describe('RecentMasters', () => {
  it('hands out copies: moving or changing a copy leaves the kept bytes whole', () => {
    const recent = new RecentMasters(1000);
    recent.keep('a', bytes(100, 1));
    const copy = recent.copyOf('a', 100) as Uint8Array<ArrayBuffer>;
    expect(copy).toEqual(bytes(100, 1));
    copy.fill(9);
    moveAway(copy);
    expect(copy.byteLength).toBe(0);
    expect(recent.copyOf('a', 100)).toEqual(bytes(100, 1));
  });

  it('drops the oldest masters first to stay within its byte budget', () => {
    const recent = new RecentMasters(250);
    recent.keep('a', bytes(100, 1));
    recent.keep('b', bytes(100, 2));
    recent.keep('c', bytes(100, 3)); // 300 > 250: 'a' goes
    expect(recent.copyOf('a', 100)).toBeUndefined();
    expect(recent.copyOf('b', 100)).toEqual(bytes(100, 2));
    expect(recent.copyOf('c', 100)).toEqual(bytes(100, 3));
    expect(recent.heldBytes).toBe(200);
    recent.keep('b', bytes(120, 4)); // kept again: replaces, counted once
    expect(recent.heldBytes).toBe(220);
    expect(recent.copyOf('b', 120)).toEqual(bytes(120, 4));
  });

  it('never holds a master larger than the budget, nor one of another size than the index says', () => {
    const recent = new RecentMasters(50);
    recent.keep('big', bytes(51, 1));
    expect(recent.copyOf('big', 51)).toBeUndefined();
    expect(recent.heldBytes).toBe(0);
    recent.keep('a', bytes(40, 1));
    // The index says 41 bytes: not the bytes that were stored under that key, so read from disk.
    expect(recent.copyOf('a', 41)).toBeUndefined();
    expect(recent.heldBytes).toBe(0);
  });

  it('reads a buffer moved away by its owner as missing, not as empty audio', () => {
    const recent = new RecentMasters(1000);
    const kept = bytes(64, 5);
    recent.keep('a', kept);
    moveAway(kept);
    expect(recent.copyOf('a', 64)).toBeUndefined();
    expect(recent.heldBytes).toBe(0);
  });
});
