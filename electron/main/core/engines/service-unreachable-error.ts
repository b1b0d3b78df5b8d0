/**
 * The engine's service could not be reached (refused, DNS, timeouts, 5xx) for the whole give-up time:
 * no retry in this run can help, so the queue stops the run with stopReason 'unreachable' and leaves
 * every unfinished render pending, exactly as it does when an interactive run gives up (queue/give-up.ts).
 * The message names the host and says what to do; engines that retry by themselves (the batch REST
 * client) throw it instead of a plain network error.
 */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
  constructor(
    message: string,
    /** The last failure seen (a socket error code, an HTTP status and the service's words). */
    readonly detail?: string,
  ) {
    super(message);
  }
}
