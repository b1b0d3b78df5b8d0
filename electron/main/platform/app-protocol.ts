import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import { handleAppRequest, type AppRequestContext } from '../core/studio/app-requests';

/**
 * The app:// scheme: `app://studio/...` serves the built renderer, `app://audio/<token>` serves audio
 * by opaque token with Range support (core/studio/app-requests.ts decides everything; this file only
 * adapts it to Electron). Privileged as standard + secure so the page has a real origin, fetch and
 * media streaming work, and CSP 'self' means app://studio.
 *
 * Must be called before app 'ready'.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } }]);
}

/** Installs the handler on the window's session (after 'ready'). */
export function handleAppProtocol(session: Session, context: AppRequestContext): void {
  session.protocol.handle('app', async (request) => {
    const response = await handleAppRequest(request.url, { method: request.method, range: request.headers.get('range') }, context);
    const body = response.body ? (Readable.toWeb(response.body) as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: response.status, headers: response.headers });
  });
}
