/**
 * The IPC error codes, defined once, and what the page says for each when main sent no sentence of its
 * own. Zod-free and import-free, so the renderer may import these values (the contract wraps the list
 * in a z.enum). Main's own messages are sentences for the producer; these are only fallbacks.
 */
export const IPC_ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'forbidden',
  'not-found',
  'busy',
  'unsupported',
  'course-invalid',
  'engine-unavailable',
  'io-error',
  'internal',
  // Set by the page's transport (never by main): the connection to main was lost.
  'disconnected',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const IPC_ERROR_FALLBACK: Readonly<Record<IpcErrorCode, string>> = {
  'invalid-input': 'The studio could not accept that request. Check the values and try again.',
  'unknown-channel': 'This version of the studio does not support that action.',
  forbidden: 'That action is not allowed from this window.',
  'not-found': 'It is no longer there: it may have been moved, deleted or not rendered yet.',
  busy: 'The studio is busy with a run. Pause or cancel it first.',
  unsupported: 'That is not available here.',
  'course-invalid': 'The course file has problems. Fix them and open it again.',
  'engine-unavailable': 'The speech engine is not available. Check the engine in Settings.',
  'io-error': 'The studio could not read or write a file. Check the output folder in Settings and the disk.',
  internal: 'Something went wrong inside the studio. Try again; if it keeps happening, restart the app.',
  disconnected: 'Lost contact with the studio engine. Restart the app.',
};
