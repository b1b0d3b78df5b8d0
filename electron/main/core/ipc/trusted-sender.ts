import type { SenderInfo } from './dispatcher';

/**
 * The Electron sender rule, without Electron: only the studio window (its webContents id), only its
 * top-level frame, and only a document from the app's own origin (app://studio in production, the
 * dev server's origin in development) may call main. A page that got navigated elsewhere, an iframe,
 * or another window is refused.
 */
export function isTrustedAppSender(sender: SenderInfo, expected: { readonly webContentsId: number | undefined; readonly origins: readonly string[] }): boolean {
  if (expected.webContentsId === undefined || sender.webContentsId !== expected.webContentsId) return false;
  if (sender.isMainFrame !== true || !sender.frameUrl) return false;
  return expected.origins.includes(originOf(sender.frameUrl) ?? '');
}

/** `app://studio/x` -> `app://studio` (URL.origin is "null" for non-special schemes); http(s) as usual. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' ? `app://${parsed.host}` : parsed.origin;
  } catch {
    return undefined;
  }
}
