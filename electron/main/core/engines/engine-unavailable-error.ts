/** The engine cannot be used with these settings; the message says what to change. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}
