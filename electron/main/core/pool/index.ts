// Public surface of the pool; everything else in this folder is an implementation detail.
export { Pool } from './pool';
export type { CloseOptions } from './pool-options';
export type { AcquireOptions, Lease, PoolEvents, PoolOptions, PoolStats, UseOptions } from './pool-options';
export { AcquireTimeoutError, CreateTimeoutError, PoolClosedError } from './errors';
