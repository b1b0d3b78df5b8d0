import type { AudioTokens } from './audio-tokens';
import { forbidden, notFound, serveFile, type FileResponse } from './serve-file';
import { resolveStaticFile } from './static-files';

/** Hosts of the app:// scheme: the renderer's files, and audio by token. */
export const APP_STUDIO_ORIGIN = 'app://studio';
export const APP_AUDIO_ORIGIN = 'app://audio';

export const audioUrlForApp = (token: string): string => `${APP_AUDIO_ORIGIN}/${token}`;

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
    return serveFile(file, { method, range: request.range ?? null, headers: { 'Cache-Control': 'no-store' } });
  }
  return forbidden();
}
