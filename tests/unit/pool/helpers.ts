// Shared fixtures for the pool tests: a controllable factory and a pool wired to vitest's fake clock.
import { Pool } from '../../../electron/main/core/pool';
import type { PoolOptions } from '../../../electron/main/core/pool';

export interface Res {
  id: number;
  broken: boolean;
}

interface PendingCreate {
  signal: AbortSignal;
  resolve(): Res;
  reject(error: unknown): void;
}

/**
 * A factory whose creates either resolve at once (auto) or wait for the test to settle them (manual),
 * recording every resource made and destroyed.
 */
export function makeFactory(mode: 'auto' | 'manual' = 'auto') {
  let nextId = 1;
  const created: Res[] = [];
  const destroyed: Res[] = [];
  const pending: PendingCreate[] = [];
  const signals: AbortSignal[] = [];
  const make = (): Res => {
    const r = { id: nextId++, broken: false };
    created.push(r);
    return r;
  };
  return {
    created,
    destroyed,
    pending,
    signals,
    get createCalls() {
      return signals.length;
    },
    create(signal: AbortSignal): Promise<Res> {
      signals.push(signal);
      if (mode === 'auto') return Promise.resolve(make());
      return new Promise<Res>((resolve, reject) => {
        pending.push({
          signal,
          resolve: () => {
            const r = make();
            resolve(r);
            return r;
          },
          reject,
        });
      });
    },
    destroy(r: Res): void {
      destroyed.push(r);
    },
  };
}

export type Factory = ReturnType<typeof makeFactory>;

/** A pool over `factory`, on the (fake) Date clock, with a deterministic random (0.5). */
export function makePool(factory: Factory, options: Partial<PoolOptions<Res>> = {}): Pool<Res> {
  return new Pool<Res>({
    create: (signal) => factory.create(signal),
    destroy: (r) => factory.destroy(r),
    max: 2,
    now: () => Date.now(),
    random: () => 0.5,
    ...options,
  });
}

/** Let queued promise callbacks run without moving the clock. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Observe a promise's state without awaiting it. */
export function track<V>(promise: Promise<V>) {
  const state: { status: 'pending' | 'fulfilled' | 'rejected'; value?: V; error?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(state, { status: 'fulfilled', value }),
    (error: unknown) => Object.assign(state, { status: 'rejected', error }),
  );
  return state;
}
