import type { EventChannel, InvokeChannel } from '../../../shared/ipc/channels';
import type { EventPayload, InvokeInput, InvokeOutput, StudioApi } from '../../../shared/ipc/contract';
import { IPC_ERROR_FALLBACK, type IpcErrorCode } from '../../../shared/ipc/error-codes';

// Type-only imports from shared/: the contract's zod schemas stay in main (which validates every
// input); the page only needs the types, so nothing of zod ends up in the renderer bundle.

/**
 * `window.api`: a StudioApi, plus `onReconnect` where the transport can drop and come back (the
 * browser bridge's WebSocket; Electron's IPC cannot drop, and its preload has no such member).
 */
export type PageApi = StudioApi & {
  /** Called each time the connection is back after a loss; events sent meanwhile were lost. Returns the unsubscribe. */
  onReconnect?(listener: () => void): () => void;
};

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or by /bridge-client.js (browser tests). */
    api: PageApi;
  }
}

/** The error window.api rejects with: an Error carrying the IpcError `code`. */
export type StudioError = Error & { code?: string };

export function studioApi(): PageApi {
  if (!window.api) throw Object.assign(new Error('The studio engine is not connected.'), { code: 'disconnected' });
  return window.api;
}

/** Typed `window.api.invoke`. */
export function invoke<C extends InvokeChannel>(channel: C, ...input: InvokeInput<C> extends undefined ? [] : [InvokeInput<C>]): Promise<InvokeOutput<C>> {
  return studioApi().invoke(channel, ...input);
}

/** Typed `window.api.on`; returns the unsubscribe. */
export function on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return studioApi().on(event, listener);
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as StudioError).code) : undefined;
}

/** What we say when main gave no usable sentence of its own: one list, shared with main (error-codes.ts). */
function fallbackFor(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(IPC_ERROR_FALLBACK, code) ? IPC_ERROR_FALLBACK[code as IpcErrorCode] : undefined;
}

/**
 * Turns a rejected invoke into a sentence for the producer: main's own message when it reads like
 * one (main writes them for producers), never a stack trace, and a plain fallback per error code.
 */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const message = humanSentence(raw);
  if (message && code !== 'internal') return message;
  return fallbackFor(code) ?? (message || IPC_ERROR_FALLBACK.internal);
}

/**
 * The whole message, without "Error:" prefixes or stack frames (a service's list of unknown voices
 * spans lines and must arrive whole); empty when it looks like a programmer's message.
 */
function humanSentence(raw: string): string {
  const lines = raw
    .split('\n')
    .filter((line) => !STACK_FRAME.test(line))
    .map((line, i) => (i === 0 ? line.replace(/^(\w*Error|Error invoking remote method '[^']*'):\s*/i, '') : line).trimEnd());
  const text = lines.join('\n').trim();
  const firstLine = text.split('\n')[0] ?? '';
  if (!text || /\b(undefined|null) is not|Cannot read propert|is not a function/.test(firstLine)) return '';
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** "    at fn (file.js:12:5)": a stack frame, never shown. */
const STACK_FRAME = /^\s+at\s.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/;

/** A bound against a runaway message (a whole file echoed back), far above any sentence main writes. */
const MAX_MESSAGE_CHARS = 8000;
