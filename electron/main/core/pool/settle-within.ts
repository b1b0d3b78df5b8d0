// Run a user callback (factory or destroyer) that may throw, reject or hang, and settle within a
// deadline no matter what. The pool never awaits user code without a bound (tarn's lesson: "timeouts
// for all operations that can fail"), and a hung Speech SDK call must not pin a slot forever.

export function settleWithin<R>(
  run: (signal: AbortSignal) => R | PromiseLike<R>,
  timeoutMs: number,
  timeoutError: () => unknown,
  /** Aborting it from outside (pool drain) settles the call at once with the abort reason. */
  controller: AbortController = new AbortController(),
  /** Receives a value that arrives after the call already settled, so it can be freed, not leaked. */
  onLate?: (value: R) => void,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let open = true;
    const timer = setTimeout(() => controller.abort(timeoutError()), timeoutMs);
    const finish = (): boolean => {
      if (!open) return false;
      open = false;
      clearTimeout(timer);
      controller.signal.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (finish()) reject(controller.signal.reason);
    };
    controller.signal.addEventListener('abort', onAbort, { once: true });
    let result: PromiseLike<R>;
    try {
      result = Promise.resolve(run(controller.signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        if (finish()) resolve(value);
        else onLate?.(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}
