/**
 * The USP frame format (docs/design/azure-tts-protocol.md section 1.3), both directions.
 *
 * Text:   "Name:value\r\n" lines, a blank line, then the body.
 * Binary: uint16 big-endian header length N, N bytes of ASCII headers, then the payload.
 *
 * The encoders write what the service writes: no space after the colon, X-RequestId first and
 * Path last, because Edge-dialect clients search for "Path:audio\r\n" and parse
 * "X-RequestId:(.*?)\r\n" literally. The parsers are as lenient as the SDK's (names
 * case-insensitive, values trimmed), so they read both the SDK's frames and ours.
 */

export type FrameHeaders = ReadonlyArray<readonly [name: string, value: string]>;

export interface ParsedFrame {
  /** Lower-cased header name -> trimmed value. */
  readonly headers: ReadonlyMap<string, string>;
  readonly path: string;
  readonly requestId: string;
}

export interface ParsedTextFrame extends ParsedFrame {
  readonly body: string;
}

export interface ParsedBinaryFrame extends ParsedFrame {
  readonly payload: Buffer;
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** The SDK reads the header length as a signed int16, and the legacy doc caps it at 8 KiB. */
export const MAX_BINARY_HEADER_BYTES = 8192;

function orderHeaders(headers: FrameHeaders): Array<readonly [string, string]> {
  const isPath = (name: string) => name.toLowerCase() === 'path';
  const isRequestId = (name: string) => name.toLowerCase() === 'x-requestid';
  const requestId = headers.filter(([n]) => isRequestId(n));
  const path = headers.filter(([n]) => isPath(n));
  if (requestId.length !== 1 || path.length !== 1) {
    throw new FrameError('a frame needs exactly one X-RequestId and one Path header');
  }
  return [...requestId, ...headers.filter(([n]) => !isPath(n) && !isRequestId(n)), ...path];
}

function headerBlock(headers: FrameHeaders): string {
  let out = '';
  for (const [name, value] of orderHeaders(headers)) {
    if (/[\r\n:]/.test(name) || /[\r\n]/.test(value)) throw new FrameError(`bad header ${JSON.stringify(name)}`);
    out += `${name}:${value}\r\n`;
  }
  return out;
}

/** A text frame as the service sends it. */
export function encodeTextFrame(headers: FrameHeaders, body: string): string {
  return `${headerBlock(headers)}\r\n${body}`;
}

/** A binary frame as the service sends it (headers end with CRLF, Path last). */
export function encodeBinaryFrame(headers: FrameHeaders, payload: Uint8Array): Buffer {
  const block = headerBlock(headers);
  if (!/^[\x20-\x7e\r\n]*$/.test(block)) throw new FrameError('binary frame headers must be ASCII');
  const head = Buffer.from(block, 'ascii');
  if (head.length > MAX_BINARY_HEADER_BYTES) throw new FrameError('binary frame headers too long');
  const out = Buffer.allocUnsafe(2 + head.length + payload.length);
  out.writeUInt16BE(head.length, 0);
  head.copy(out, 2);
  out.set(payload, 2 + head.length);
  return out;
}

function parseHeaderLines(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new FrameError(`malformed header line ${JSON.stringify(line)}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function requireCore(headers: Map<string, string>): { path: string; requestId: string } {
  const path = headers.get('path');
  const requestId = headers.get('x-requestid');
  if (!path) throw new FrameError('frame has no Path header');
  if (requestId === undefined) throw new FrameError('frame has no X-RequestId header');
  return { path, requestId };
}

/** Parses a text frame. The CRLF CRLF separator is mandatory, as in the SDK. */
export function parseTextFrame(data: string): ParsedTextFrame {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) throw new FrameError('text frame has no CRLF CRLF separator');
  const headers = parseHeaderLines(data.slice(0, split));
  const body = data.slice(split + 4);
  const { path, requestId } = requireCore(headers);
  return { headers, path, requestId, body };
}

/** Like parseTextFrame, but X-RequestId may be absent (Edge clients send speech.config without one). */
export function parseClientTextFrame(data: string): ParsedTextFrame {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) throw new FrameError('text frame has no CRLF CRLF separator');
  const headers = parseHeaderLines(data.slice(0, split));
  const path = headers.get('path');
  if (!path) throw new FrameError('frame has no Path header');
  return { headers, path, requestId: headers.get('x-requestid') ?? '', body: data.slice(split + 4) };
}

export function parseBinaryFrame(data: Uint8Array): ParsedBinaryFrame {
  if (data.length < 2) throw new FrameError('binary frame shorter than its length prefix');
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const length = buf.readUInt16BE(0);
  if (2 + length > buf.length) throw new FrameError('binary frame header length exceeds the frame');
  const headers = parseHeaderLines(buf.subarray(2, 2 + length).toString('ascii'));
  const { path, requestId } = requireCore(headers);
  return { headers, path, requestId, payload: buf.subarray(2 + length) };
}
