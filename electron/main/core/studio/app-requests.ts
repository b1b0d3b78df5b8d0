import type { AudioTokens } from './audio-tokens';
import { forbidden, notFound, serveFile, type FileResponse } from './serve-file';
import { resolveStaticFile } from './static-files';

/** Hosts of the app:// scheme: the renderer's files, and audio by token. */
export const APP_STUDIO_ORIGIN = 'app://studio';
export const APP_AUDIO_ORIGIN = 'app://audio';

export const audioUrlForApp = (token: string): string => `${APP_AUDIO_ORIGIN}/${token}`;

/**
 * Headers of every audio response. A media element plays app://audio without CORS, but the page also
 * fetch()es MP3 previews to decode their waveform (main has no MP3 decoder), and app://studio ->
 * app://audio is cross-origin: the studio's origin, and only it, may read the bytes. A fixed value,
 * never echoed from the request's Origin, so no other page can ever be allowed. (The scheme must be
 * registered with `corsEnabled: true` for Chromium to apply CORS to it; see platform/app-protocol.ts.
 * With the dev server the page's origin is http://localhost, so MP3 waveforms stay flat there.)
 */
export const AUDIO_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Access-Control-Allow-Origin': APP_STUDIO_ORIGIN,
};

export interface AppRequestContext {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly tokens: AudioTokens;
  /** Sent with HTML so the page is locked down even where the meta tag is missing. */
  readonly csp: string;
}

/**
 * The whole app:// protocol, without Electron: `app://studio/<path>` serves the built renderer and
 * `app://audio/<token>` serves a registered audio file with Range support. Anything else, and any
 * path that leaves its folder, is refused. platform/app-protocol.ts only adapts this to protocol.handle.
 */
export async function handleAppRequest(url: string, request: { method?: string; range?: string | null }, context: AppRequestContext): Promise<FileResponse> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return notFound();
  }
  if (parsed.protocol !== 'app:') return forbidden();
  const method = request.method ?? 'GET';
  if (parsed.host === 'studio') {
    const file = await resolveStaticFile(context.rendererDir, parsed.pathname);
    if (!file) return notFound();
    return serveFile(file, { method, ...(file.endsWith('.html') ? { headers: { 'Content-Security-Policy': context.csp, 'Cache-Control': 'no-cache' } } : {}) });
  }
  if (parsed.host === 'audio') {
    const token = /^\/([0-9a-f]{32})$/.exec(parsed.pathname)?.[1];
    const file = token ? await context.tokens.resolve(token) : undefined;
    if (!file) return notFound();
    return serveFile(file, { method, range: request.range ?? null, headers: AUDIO_HEADERS });
  }
  return forbidden();
}
