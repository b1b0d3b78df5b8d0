import type { DescribedFailure } from '../queue/failure-description';
import { isSynthesisError } from './synthesis-error';
import { StorageError } from '../output/storage-error';
import { ServiceUnreachableError } from './service-unreachable-error';

/** Local errors that no retry can fix and that would hit every later render too. */
const FATAL_LOCAL = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT']);

/** Turns whatever a render threw into the queue's vocabulary, in words a producer can act on. */
export function describeRenderError(error: unknown): DescribedFailure {
  if (isSynthesisError(error)) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.refusedConnection ? { refusedConnection: true } : {}),
    };
  }
  // The engine already retried for its whole give-up time: stop the run, renders left pending.
  if (error instanceof ServiceUnreachableError) return { kind: 'unreachable', message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof StorageError) return { kind: 'fatal-local', message: error.message };
  if (code && FATAL_LOCAL.has(code)) {
    const what = code === 'ENOSPC' || code === 'EDQUOT' ? 'The disk is full' : 'The output folder cannot be written';
    return { kind: 'fatal-local', message: `${what} (${code}); free space or choose another output folder, then resume`, detail: String((error as Error).message) };
  }
  return { kind: 'unknown', message: error instanceof Error ? error.message : String(error) };
}
