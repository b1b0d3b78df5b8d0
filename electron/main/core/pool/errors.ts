// Error classes the pool rejects with. They are classes (not codes) so callers can use `instanceof`,
// and each carries a stable `name` that survives the IPC result envelope as `error.code`.

/** The pool is draining or closed: no new borrows; pending waiters are rejected with this. */
export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
  constructor(message = 'The pool is draining or closed') {
    super(message);
  }
}

/**
 * No resource became available within the acquire deadline. `cause` holds the last create error
 * when creates were failing at the time, so "the pool is busy" and "the factory is broken" can be
 * told apart by whoever reports it.
 */
export class AcquireTimeoutError extends Error {
  override readonly name = 'AcquireTimeoutError';
  constructor(
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(`No resource became available within ${timeoutMs} ms`, cause === undefined ? undefined : { cause });
  }
}

/** The factory did not settle within createTimeoutMs; its AbortSignal is aborted with this error. */
export class CreateTimeoutError extends Error {
  override readonly name = 'CreateTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Creating a resource took longer than ${timeoutMs} ms`);
  }
}

/** The reason an aborted acquire rejects with: the signal's own reason, or a DOM-style AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
