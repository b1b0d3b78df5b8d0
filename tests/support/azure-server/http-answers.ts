/**
 * Plain HTTP answers: refused upgrades (written straight onto the raw socket, since no
 * ServerResponse exists for an upgrade) and the JSON errors the service returns.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Azure API Management's wording for a bad key. */
export const UNAUTHORIZED_MESSAGE =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
export const TOO_MANY_REQUESTS_MESSAGE = 'Too many requests. Please try again later.';

export function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: { code: String(status), message } });
}

/** Answers an upgrade request with an ordinary HTTP error and lets the client close. */
export function refuseUpgrade(socket: Duplex, status: number, message: string, extraHeaders: Record<string, string> = {}): void {
  const body = errorBody(status, message);
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...extraHeaders,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n${body}`);
  // The client closes once it has read the answer; make sure the socket never lingers.
  setTimeout(() => socket.destroy(), 2000).unref();
}

export function sendJson(res: ServerResponse, status: number, body: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...extraHeaders });
  res.end(body);
}
