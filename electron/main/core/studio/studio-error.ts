import type { IpcErrorCode } from '../../../../shared/ipc/error-codes';

/**
 * An error the producer can act on, with a stable code from the IPC contract ('not-found', 'busy',
 * 'unsupported', 'course-invalid', 'engine-unavailable', 'invalid-input'). The dispatcher sends
 * `code` and `message` as they are; any other error becomes a generic 'internal' error, so internals
 * (paths of our source, stack traces, anything secret) never reach the window.
 */
export type StudioErrorCode = Extract<IpcErrorCode, 'not-found' | 'busy' | 'unsupported' | 'course-invalid' | 'engine-unavailable' | 'invalid-input' | 'io-error'>;

export class StudioError extends Error {
  override readonly name = 'StudioError';
  constructor(
    readonly code: StudioErrorCode,
    message: string,
  ) {
    super(message);
  }
}
