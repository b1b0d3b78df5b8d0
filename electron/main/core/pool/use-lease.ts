// Borrow, run, give back: the one place that decides whether a resource survives a failed call.

import type { AcquireOptions, Lease, UseOptions } from './pool-options';

/** Runs fn with a borrowed resource; on error destroys the resource if isBroken(error) (default: always). */
export async function useLease<T, R>(
  acquire: (options: AcquireOptions) => Promise<Lease<T>>,
  fn: (resource: T, signal?: AbortSignal) => Promise<R>,
  options: UseOptions,
): Promise<R> {
  const lease = await acquire(options);
  let result: R;
  try {
    result = await fn(lease.resource, options.signal);
  } catch (error) {
    let broken = true;
    try {
      broken = options.isBroken ? options.isBroken(error) : true;
    } catch {
      // A throwing classifier must not leak the lease; err on the side of a fresh resource.
    }
    if (broken) lease.destroy('error');
    else lease.release();
    throw error;
  }
  lease.release();
  return result;
}
