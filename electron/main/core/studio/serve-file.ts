import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * A transport-independent file response: the app:// protocol turns it into a web Response, the
 * bridge writes it to an http.ServerResponse. Range requests (RFC 9110 section 14) are what make seeking in
 * an <audio> element work: Chromium asks `bytes=0-` first and jumps with `bytes=N-`.
 */
export interface FileResponse {
  readonly status: 200 | 206 | 403 | 404 | 405 | 416;
  readonly headers: Record<string, string>;
  /** The bytes to send; null for errors and HEAD. */
  readonly body: Readable | null;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type ByteRange = { readonly start: number; readonly end: number } | 'unsatisfiable' | undefined;

/**
 * Parses a Range header against a file size. undefined: no usable range, serve the whole file (also
 * for syntax we do not support, such as multiple ranges, which RFC 9110 lets a server ignore).
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // Suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return undefined; // invalid range spec: ignore the header
  return { start, end };
}

export interface ServeOptions {
  readonly range?: string | null;
  readonly method?: string;
  /** Extra headers (CSP for HTML, caching policy). */
  readonly headers?: Record<string, string>;
}

/** Answers a GET/HEAD for a file the caller has already authorised (by token or static root). */
export async function serveFile(path: string, options: ServeOptions = {}): Promise<FileResponse> {
  const method = (options.method ?? 'GET').toUpperCase();
  const common = { 'X-Content-Type-Options': 'nosniff', ...options.headers };
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { ...common, Allow: 'GET, HEAD' }, body: null };
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return notFound();
  const size = info.size;
  const base = { ...common, 'Content-Type': contentTypeOf(path), 'Accept-Ranges': 'bytes' };
  const range = parseRange(options.range, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: null };
  }
  if (range) {
    const length = range.end - range.start + 1;
    return {
      status: 206,
      headers: { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(length) },
      body: method === 'HEAD' ? null : createReadStream(path, { start: range.start, end: range.end }),
    };
  }
  return {
    status: 200,
    headers: { ...base, 'Content-Length': String(size) },
    body: method === 'HEAD' || size === 0 ? null : createReadStream(path),
  };
}

export function notFound(): FileResponse {
  return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body: null };
}

export function forbidden(): FileResponse {
  return { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body: null };
}
