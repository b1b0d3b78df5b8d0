// When a pooled resource is retired instead of reused, and when its lifetime ends. Retirement happens
// between calls only: on borrow, on return, or while idle, never during a call (HikariCP's rule).

import type { Entry } from './lease';

export interface FitnessContext<T> {
  readonly closed: boolean;
  readonly maxUses: number;
  readonly now: number;
  /** On return: the pool is at or over its (possibly lowered) maximum without this resource. */
  readonly overSize: boolean;
  readonly validate: ((resource: T) => boolean) | undefined;
}

/** Why a resource must not be reused, or null. On borrow, validate() is asked too; on return, the size cap. */
export function unfitReason<T>(entry: Entry<T>, onBorrow: boolean, context: FitnessContext<T>): string | null {
  if (context.closed) return 'closed';
  if (entry.retire) return 'retired';
  if (entry.uses >= context.maxUses) return 'max-uses';
  if (entry.retireAt !== Infinity && context.now >= entry.retireAt) return 'lifetime';
  if (!onBorrow) return context.overSize ? 'resize' : null;
  try {
    return context.validate?.(entry.resource) === false ? 'invalid' : null;
  } catch {
    return 'invalid';
  }
}

/**
 * When a resource made now is retired: its lifetime shortened by a random fraction up to `jitter`, so
 * a pool created at once does not expire at once (HikariCP: "mass extinction"). Infinity: never.
 */
export function retireAtFor(now: number, maxLifetimeMs: number, jitter: number, random: () => number): number {
  return Number.isFinite(maxLifetimeMs) ? now + maxLifetimeMs * (1 - random() * jitter) : Infinity;
}
